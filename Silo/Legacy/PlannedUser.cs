namespace KeyKeeper.Silo.Legacy;

/// <summary>A user the import will create, under the normalized name.</summary>
public sealed record PlannedUser(string UserName, LegacyUserImport Import);
