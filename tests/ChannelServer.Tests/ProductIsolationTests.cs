using System.Net;
using ChannelServer.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace ChannelServer.Tests;

/// <summary>Two products from one document, each from its own upstream: one failing changes nothing the other serves.</summary>
public sealed class ProductIsolationTests : IAsyncLifetime
{
    private FakeGitHub _k3s = null!;
    private FakeGitHub _rke2 = null!;
    private TempDir _dir = null!;

    public async Task InitializeAsync()
    {
        _k3s = await FakeGitHub.StartAsync();
        _rke2 = await FakeGitHub.StartAsync();
        _k3s.SetReleases("k3s-io", "k3s", ("v1.33.6+k3s1", false), ("v1.32.10+k3s1", false));
        _rke2.SetReleases("rancher", "rke2", ("v1.33.6+rke2r1", false), ("v1.32.10+rke2r1", false));
        _dir = new TempDir();
    }

    public async Task DisposeAsync()
    {
        await _k3s.DisposeAsync();
        await _rke2.DisposeAsync();
        _dir.Dispose();
    }

    // rancher/rke2 is not in the bundled snapshot: with its upstream down there is no fallback at all.
    private string Config() => _dir.File("channels.yaml", $"""
        k3s:
          github: {"{"}owner: k3s-io, repo: k3s, api: {_k3s.Url}{"}"}
          redirectBase: https://mirror.example/k3s/
          channels:
          - {"{"}name: stable, latest: v1.32.10+k3s1{"}"}
          - {"{"}name: latest, latestRegexp: .*{"}"}
        rke2:
          github: {"{"}owner: rancher, repo: rke2, api: {_rke2.Url}{"}"}
          redirectBase: https://mirror.example/rke2/
          channels:
          - {"{"}name: stable, latest: v1.32.10+rke2r1{"}"}
          - {"{"}name: latest, latestRegexp: .*{"}"}
        """);

    private Task<TestChannelServer> StartAsync() =>
        TestChannelServer.StartAsync(
            ["--url", Config(), "--config-key", "k3s", "--path-prefix", "v1-release", "--config-key", "rke2", "--path-prefix", "rke2-release"],
            new FakeTimeProvider(DateTimeOffset.Parse("2025-06-01T00:00:00Z")));

    [Fact]
    public async Task One_products_upstream_down_at_start_leaves_the_other_product_and_every_pinned_channel_answering()
    {
        _rke2.Failure = GitHubFailure.Unavailable503;
        await using var server = await StartAsync();

        Assert.Equal("https://mirror.example/k3s/v1.33.6+k3s1", await server.GetLocationAsync("/v1-release/channels/latest"));
        Assert.Equal("https://mirror.example/k3s/v1.32.10+k3s1", await server.GetLocationAsync("/v1-release/channels/stable"));
        Assert.Equal("https://mirror.example/rke2/v1.32.10+rke2r1", await server.GetLocationAsync("/rke2-release/channels/stable"));

        using (var response = await server.Http.GetAsync("/rke2-release/channels/latest"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("\"code\":\"ServiceUnavailable\"", body);
            Assert.Contains("channel \\\"latest\\\" cannot be resolved: no release data for rancher/rke2", body);
            Assert.Contains("GitHub answered 503", body);
        }

        using (var list = await server.Http.GetAsync("/rke2-release/channels"))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        var ready = await server.GetJsonAsync("/readyz");
        Assert.True(ready.GetProperty("ready").GetBoolean());
        var prefixes = ready.GetProperty("prefixes").EnumerateArray().ToDictionary(p => p.GetProperty("prefix").GetString()!);
        Assert.True(prefixes["v1-release"].GetProperty("complete").GetBoolean());
        Assert.False(prefixes["rke2-release"].GetProperty("complete").GetBoolean());
        Assert.Contains("GitHub answered 503", prefixes["rke2-release"].GetProperty("lastError").GetString());
        Assert.Contains("channelserver_release_data_available{prefix=\"rke2-release\"} 0", await server.Http.GetStringAsync("/metrics"));

        // Back: the next retry (soon, since a prefix lacks data) fills it in.
        _rke2.Failure = GitHubFailure.None;
        await server.AdvanceToNextRefreshAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("https://mirror.example/rke2/v1.33.6+rke2r1", await server.GetLocationAsync("/rke2-release/channels/latest"));
    }

    [Fact]
    public async Task One_product_failing_later_keeps_its_last_good_list_and_the_other_product_moves_on()
    {
        await using var server = await StartAsync();
        Assert.Equal("v1.33.6+rke2r1", (await server.ChannelVersionsAsync("rke2-release"))["latest"]);

        _rke2.Failure = GitHubFailure.WrongShape;
        _k3s.SetReleases("k3s-io", "k3s", ("v1.34.0+k3s1", false), ("v1.33.6+k3s1", false), ("v1.32.10+k3s1", false));
        await server.AdvanceToNextRefreshAsync(TimeSpan.FromMinutes(15));

        Assert.Equal("v1.34.0+k3s1", (await server.ChannelVersionsAsync())["latest"]);
        Assert.Equal("v1.33.6+rke2r1", (await server.ChannelVersionsAsync("rke2-release"))["latest"]);
        var prefixes = (await server.GetJsonAsync("/readyz")).GetProperty("prefixes").EnumerateArray().ToDictionary(p => p.GetProperty("prefix").GetString()!);
        Assert.Equal(JsonNull, prefixes["v1-release"].GetProperty("lastError").ValueKind);
        Assert.Contains("not an array of releases", prefixes["rke2-release"].GetProperty("lastError").GetString());
        Assert.True(prefixes["rke2-release"].GetProperty("complete").GetBoolean());
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;
}
