namespace KeyKeeper.AppHost;

/// <summary>
/// Deployment-wide default keys, one secret parameter per provider named in the AppHost setting
/// <c>DeploymentKeys:Providers</c> (e.g. "openai,groq"): parameter <c>deployment-key-{provider}</c>,
/// set like any parameter (<c>Parameters:deployment-key-openai</c> in user secrets, or asked for
/// by the dashboard). The silos hand them to app tokens of users who have no key of their own.
/// </summary>
public static class DeploymentKeysResourceExtensions
{
    public static IResourceBuilder<ProjectResource> WithDeploymentKeys(this IResourceBuilder<ProjectResource> silo, IDistributedApplicationBuilder builder)
    {
        var providers = (builder.Configuration["DeploymentKeys:Providers"] ?? string.Empty)
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var provider in providers)
        {
            // The provider name becomes part of a parameter and a setting name; the silo checks the value.
            if (provider.Length > 32 || !provider.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                throw new InvalidOperationException($"DeploymentKeys:Providers names '{provider}': a provider name is 1-32 characters of a-z, 0-9 and '-'.");
            }

            var key = builder.AddParameter($"deployment-key-{provider}", secret: true);
            silo.WithEnvironment($"DeploymentKeys__{provider}", key);
        }

        return silo;
    }
}
