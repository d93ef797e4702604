using KeyKeeper.Frontend.Health;
using KeyKeeper.ServiceDefaults;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KeyKeeper.Frontend.DataProtection;

public static class DataProtectionServiceExtensions
{
    /// <summary>The application name every replica shares, so they all use one key ring.</summary>
    public const string ApplicationName = "KeyKeeper";

    /// <summary>
    /// Data Protection (cookies, antiforgery) with its key ring in PostgreSQL, encrypted under
    /// <c>DataProtection:Key</c>. In Development without that setting the keys live in memory only:
    /// with no secret to encrypt them they are better lost at restart than stored readable.
    /// </summary>
    public static IHostApplicationBuilder AddKeyKeeperDataProtection(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedSettings<DataProtectionKeyOptions, DataProtectionKeyOptionsValidator>(DataProtectionKeyOptions.SectionName);
        builder.Services.AddHealthChecks().AddCheck<DataProtectionHealthCheck>("data-protection");

        var dataProtection = builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        // Which provider to register is decided while composing, so this one setting is read here too.
        var key = builder.Configuration[$"{DataProtectionKeyOptions.SectionName}:{nameof(DataProtectionKeyOptions.Key)}"];
        if (string.IsNullOrEmpty(key) && builder.Environment.IsDevelopment())
        {
            dataProtection.UseEphemeralDataProtectionProvider();
            return builder;
        }

        // Outside Development a missing key fails options validation at start, before this factory runs.
        builder.Services.AddSingleton(services => new KeyRingCipher(services.GetRequiredService<IOptions<DataProtectionKeyOptions>>().Value.Key!));
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services => new ConfigureOptions<KeyManagementOptions>(options =>
        {
            var cipher = services.GetRequiredService<KeyRingCipher>();
            options.XmlRepository = new PostgresXmlRepository(services.GetRequiredService<NpgsqlDataSource>(), cipher);
            options.XmlEncryptor = new AesGcmXmlEncryptor(cipher);
        }));
        return builder;
    }
}
