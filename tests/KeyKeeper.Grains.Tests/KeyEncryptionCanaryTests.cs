using KeyKeeper.Silo.Encryption;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KeyKeeper.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class KeyEncryptionCanaryTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TheRightSecretPassesAndAChangedSecretForTheSameKeyIdIsCaught()
    {
        await using var database = NpgsqlDataSource.Create(fixture.ConnectionString);
        var keyId = $"canary-{Guid.NewGuid():N}"[..20];

        var original = Canary(database, keyId, "the-original-key-encryption-secret-0123456789");
        Assert.Null(await original.VerifyAsync(CancellationToken.None));
        Assert.Null(await original.VerifyAsync(CancellationToken.None));

        var changed = Canary(database, keyId, "a-replaced-key-encryption-secret-0123456789ab");
        var problem = await changed.VerifyAsync(CancellationToken.None);

        Assert.NotNull(problem);
        Assert.Contains($"'{keyId}'", problem);
    }

    private static KeyEncryptionCanary Canary(NpgsqlDataSource database, string keyId, string secret) =>
        new(database, new KeyProtector(Options.Create(new KeyEncryptionOptions { ActiveKeyId = keyId, Keys = { [keyId] = secret } })));
}
