using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KeyKeeper.ServiceDefaults;

/// <summary>
/// The one way KeyKeeper reads settings: an options class bound to its configuration section, an
/// <see cref="IValidateOptions{TOptions}"/> that names every refused setting as configured
/// (<see cref="SettingsValidator{TOptions}"/>), checked when the host starts. A process given a
/// zero, negative or nonsense value stops before it serves anything, and says which setting it
/// was (<see cref="ServiceDefaultsExtensions.RunServiceAsync"/>); code that uses a setting takes
/// it from <see cref="IOptions{TOptions}"/> as it is, without clamping it.
/// </summary>
public static class ValidatedSettings
{
    public static OptionsBuilder<TOptions> AddValidatedSettings<TOptions, TValidator>(this IServiceCollection services, string sectionName)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddOptions<TOptions>().BindConfiguration(sectionName).ValidateOnStart();
    }
}

/// <summary>Checks one section's options; the failures name the settings (see <see cref="SettingChecks"/>).</summary>
public abstract class SettingsValidator<TOptions>(string sectionName) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var checks = new SettingChecks(sectionName);
        Check(options, checks);
        return checks.Result;
    }

    protected abstract void Check(TOptions options, SettingChecks checks);
}
