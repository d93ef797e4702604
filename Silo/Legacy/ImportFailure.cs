namespace KeyKeeper.Silo.Legacy;

/// <summary>Why a legacy user is not imported; <paramref name="Provider"/> names the key when a key is the reason.</summary>
public sealed record ImportFailure(string User, string? Provider, string Reason);
