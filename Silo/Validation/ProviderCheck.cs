using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Silo.Validation;

/// <summary>What one call to a provider showed; <paramref name="Detail"/> never holds anything of the provider's answer but its status code.</summary>
public readonly record struct ProviderCheck(KeyValidationStatus Status, string Detail);
