using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KeyKeeper.ServiceDefaults;

/// <summary>
/// Settings checked when the host starts, so a nonsense value stops the process before it serves anything;
/// code takes a setting from <see cref="IOptions{TOptions}"/> as it is, without clamping it.
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
