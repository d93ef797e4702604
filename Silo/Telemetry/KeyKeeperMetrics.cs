using System.Diagnostics.Metrics;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.ServiceDefaults;

namespace KeyKeeper.Silo.Telemetry;

/// <summary>Tags carry only bounded, service-defined words: never a user name, a free-form provider name or anything from a key value.</summary>
public static class KeyKeeperMetrics
{
    private static readonly Meter Meter = new(ServiceDefaultsExtensions.TelemetryName);

    private static readonly Counter<long> Saved = Meter.CreateCounter<long>("keykeeper.keys.saved", "{key}", "Keys saved (new versions, or a save of the value already in use).");
    private static readonly Counter<long> Revealed = Meter.CreateCounter<long>("keykeeper.keys.revealed", "{key}", "Plain key values shown to their owner.");
    private static readonly Counter<long> Used = Meter.CreateCounter<long>("keykeeper.keys.used", "{key}", "Plain key values read by an app token.");
    private static readonly Counter<long> ChangesFailed = Meter.CreateCounter<long>("keykeeper.changes.failed", "{change}", "Key changes refused or not saved, by reason.");
    private static readonly Counter<long> DecryptFailed = Meter.CreateCounter<long>("keykeeper.keys.decrypt_failed", "{key}", "Stored keys that did not decrypt with the configured key-encryption keys.");
    private static readonly UpDownCounter<long> ActiveUsers = Meter.CreateUpDownCounter<long>("keykeeper.grains.active", "{grain}", "User grains active in this silo.");
    private static readonly Counter<long> UserActivations = Meter.CreateCounter<long>("keykeeper.grains.activations", "{activation}", "User grain activations, each a read of the user's state from PostgreSQL.");
    private static readonly Counter<long> ImportUsers = Meter.CreateCounter<long>("keykeeper.import.users", "{user}", "Legacy users handled by the import, by outcome.");
    private static readonly Counter<long> ImportKeys = Meter.CreateCounter<long>("keykeeper.import.keys", "{key}", "Keys brought in by the legacy import.");

    public static class Reasons
    {
        public const string StoreUnavailable = "store-unavailable";
        public const string VersionConflict = "version-conflict";
        public const string InvalidInput = "invalid-input";
        public const string SessionRejected = "session-rejected";
    }

    public static class ImportOutcomes
    {
        public const string Imported = "imported";
        public const string Skipped = "skipped";
        public const string Failed = "failed";
    }

    public static void KeySaved(string provider) => Saved.Add(1, new KeyValuePair<string, object?>("provider-kind", ProviderKind(provider)));

    public static void KeyRevealed(string provider) => Revealed.Add(1, new KeyValuePair<string, object?>("provider-kind", ProviderKind(provider)));

    public static void KeyUsed(KeySource source) =>
        Used.Add(1, new KeyValuePair<string, object?>("source", source == KeySource.User ? "user" : "deployment"));

    public static void ChangeFailed(string reason) => ChangesFailed.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static void KeyDecryptFailed() => DecryptFailed.Add(1);

    public static void UserGrainActivated()
    {
        ActiveUsers.Add(1);
        UserActivations.Add(1);
    }

    public static void UserGrainDeactivated() => ActiveUsers.Add(-1);

    public static void UsersImported(string outcome, int count) => ImportUsers.Add(count, new KeyValuePair<string, object?>("outcome", outcome));

    public static void KeysImported(int count) => ImportKeys.Add(count);

    public static string ProviderKind(string provider) =>
        ProviderCatalogue.Find(provider)?.Name ?? ProviderCatalogue.Other;
}
