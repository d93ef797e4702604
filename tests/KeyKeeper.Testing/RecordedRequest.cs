namespace KeyKeeper.Testing;

/// <summary>One request a <see cref="StandInProvider"/> received: its line (method, path, query) and its headers, names in lowercase.</summary>
public sealed record RecordedRequest(string Line, IReadOnlyDictionary<string, string> Headers);
