namespace KeyKeeper.AppHost;

public static class KeyEncryptionResourceExtensions
{
    public static IResourceBuilder<ProjectResource> WithKeyEncryptionKeys(
        this IResourceBuilder<ProjectResource> project,
        string activeKeyId,
        IReadOnlyDictionary<string, IResourceBuilder<ParameterResource>> keys)
    {
        if (!keys.ContainsKey(activeKeyId))
        {
            throw new InvalidOperationException($"KeyEncryption:ActiveKeyId '{activeKeyId}' is not one of KeyEncryption:KeyIds ({string.Join(", ", keys.Keys)}).");
        }

        project.WithEnvironment("KeyEncryption__ActiveKeyId", activeKeyId);
        foreach (var (id, secret) in keys)
        {
            project.WithEnvironment($"KeyEncryption__Keys__{id}", secret);
        }

        return project;
    }
}
