using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace KeyKeeper.Frontend.Tests;

/// <summary>What the keys page asks the grain for.</summary>
public sealed partial class KeySettingsPageTests
{
    [Fact]
    public async Task EachRenderOfTheKeysPageIsOneGrainCall()
    {
        var calls = new GrainCalls();
        await using var frontend = new FrontendFactory(fixture.Settings, fixture.Logs, configureServices: services => services.AddSingleton<IOutgoingGrainCallFilter>(calls));
        frontend.StartServer();
        using var api = frontend.CreateDefaultClient();
        var (name, site) = await PageUser.SignUpAndSignInAsync(_browser, api, frontend.BaseAddress);
        var token = await ApiClient.LoginAsync(api, name);
        await api.SaveKeyAsync(token, "openai", NewKey("sk-proj-"));
        await api.SaveKeyAsync(token, "openai", NewKey("sk-proj-"));
        await api.SaveKeyAsync(token, "mistral", NewKey("mistral-"));
        await api.SaveKeyAsync(token, "groq", NewKey("gsk_"));
        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, "/api/keys/groq", token)).StatusCode);

        calls.Clear();
        var page = await GetPageAsync(site);

        Assert.Equal(["GetKeyRingAsync"], calls.Methods);
        Assert.Contains("Version 2 ·", Row(page, "openai"));
        Assert.Contains("(2)", Row(page, "openai"));
        Assert.NotNull(MaskedIn(page, "mistral"));
        Assert.Contains("Deleted —", Row(page, "groq"));
    }

    /// <summary>The frontend's grain calls, by method name.</summary>
    private sealed class GrainCalls : IOutgoingGrainCallFilter
    {
        private readonly ConcurrentQueue<string> _methods = new();

        public IReadOnlyList<string> Methods => [.. _methods];

        public void Clear() => _methods.Clear();

        public Task Invoke(IOutgoingGrainCallContext context)
        {
            _methods.Enqueue(context.InterfaceMethod.Name);
            return context.Invoke();
        }
    }
}
