namespace KeyKeeper.Grains.Abstractions;

/// <summary>Where a key an app token reads comes from.</summary>
[GenerateSerializer, Alias("keykeeper.KeySource")]
public enum KeySource
{
    /// <summary>The user's own key.</summary>
    User = 0,

    /// <summary>The deployment's default key for the provider (the user has none).</summary>
    Deployment = 1,
}
