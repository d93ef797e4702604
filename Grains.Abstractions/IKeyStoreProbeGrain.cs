namespace KeyKeeper.Grains.Abstractions;

/// <summary>Lets a frontend's health check ask the cluster whether stored keys can be decrypted.</summary>
[Alias("keykeeper.IKeyStoreProbeGrain")]
public interface IKeyStoreProbeGrain : IGrainWithIntegerKey
{
    /// <summary>Null when a test decrypt against the database works; otherwise what is wrong.</summary>
    [Alias("Check")]
    Task<string?> CheckAsync();
}
