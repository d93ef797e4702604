namespace KeyKeeper.Grains.Abstractions;

/// <summary>What a provider's keys look like.</summary>
/// <param name="Name">The provider name keys are saved under.</param>
/// <param name="DisplayName">How people call it.</param>
/// <param name="Prefixes">Every key starts with one of these; empty when any shape is accepted.</param>
/// <param name="MinLength">Shorter values are refused as truncated pastes.</param>
/// <param name="MaxLength">Longer values are refused (two keys pasted together, or a whole file).</param>
public sealed record ProviderShape(string Name, string DisplayName, IReadOnlyList<string> Prefixes, int MinLength, int MaxLength);
