using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class AccountGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task SignUpIsDurableAtOnceAndASecondSignUpIsRefused()
    {
        var (name, grain) = await TestUsers.SignUpAsync(fixture.Grains);

        var rows = await fixture.Postgres.QueryAsync(ClusterFixture.Database,
            $"SELECT convert_from(payload, 'UTF8') FROM grain_state WHERE grain_id_string = 'user/{name}'");
        var stored = Assert.Single(rows)!;
        Assert.DoesNotContain(TestUsers.Password, stored);
        Assert.False(await grain.SignUpAsync("another password 123", null));
    }

    [Fact]
    public async Task LoginIssuesATokenThatAuthenticatesUntilLogout()
    {
        var (name, grain) = await TestUsers.SignUpAsync(fixture.Grains);

        var issued = await grain.LoginAsync(TestUsers.Password);

        Assert.NotNull(issued);
        Assert.True(AccessToken.TryParse(issued.Token, out var tokenUser, out var secret));
        Assert.Equal(name, tokenUser);
        Assert.Equal(issued.SessionId, await grain.AuthenticateAsync(secret));
        Assert.DoesNotContain(secret, Assert.Single(await fixture.Postgres.QueryAsync(ClusterFixture.Database,
            $"SELECT convert_from(payload, 'UTF8') FROM grain_state WHERE grain_id_string = 'user/{name}'"))!);

        await fixture.DeactivateAllAsync();
        Assert.Equal(issued.SessionId, await grain.AuthenticateAsync(secret));

        await grain.LogoutAsync(secret);
        Assert.Null(await grain.AuthenticateAsync(secret));
    }

    [Fact]
    public async Task WrongPasswordAndUnknownUserGetNoToken()
    {
        var (_, grain) = await TestUsers.SignUpAsync(fixture.Grains);

        Assert.Null(await grain.LoginAsync("not the password at all"));
        Assert.Null(await fixture.Grains.GetUserKeysGrain($"nobody-{Guid.NewGuid():N}").LoginAsync(TestUsers.Password));
        Assert.Null(await grain.AuthenticateAsync("not-a-token-secret"));
    }
}
