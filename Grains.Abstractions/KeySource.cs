namespace KeyKeeper.Grains.Abstractions;

/// <summary>Where a key an app token reads comes from.</summary>
[GenerateSerializer, Alias("keykeeper.KeySource")]
public enum KeySource
{
    User = 0,
    Deployment = 1,
}
