using System.Net;

namespace KeyKeeper.Frontend.Tests;

[Collection(AppCollection.Name)]
public sealed class HealthTests(AppFixture fixture)
{
    [Fact]
    public async Task HealthAndAliveAnswerWhenTheDatabaseAndClusterAreUp()
    {
        using var client = fixture.CreateClient();

        var health = await client.GetAsync("/health");
        var alive = await client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }
}
