namespace KeyKeeper.AppHost;

/// <summary>
/// One secret parameter <c>deployment-key-{provider}</c> per provider in <c>DeploymentKeys:Providers</c>,
/// and <c>DeploymentKeys:GatewayFallback</c> as it is given.
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

        if (builder.Configuration["DeploymentKeys:GatewayFallback"] is { } fallback)
        {
            silo.WithEnvironment("DeploymentKeys__GatewayFallback", fallback);
        }

        return silo;
    }
}
