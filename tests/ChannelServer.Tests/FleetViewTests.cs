using System.Net;
using System.Text.Json;
using ChannelServer.Fleet;
using ChannelServer.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using TestSupport;

namespace ChannelServer.Tests;

/// <summary>The clusters polling each channel: bounded, UUIDs only, JSON, HTML, gauges, and off with --fleet-view=false.</summary>
public sealed class FleetViewTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2025-06-10T00:00:00Z");
    private TempDir _dir = null!;

    public Task InitializeAsync()
    {
        _dir = new TempDir();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    // Pinned channels: no release data needed, the fleet is all that is tested here.
    private Task<TestChannelServer> StartAsync(FakeTimeProvider time, params string[] extra) =>
        TestChannelServer.StartAsync(["--url", _dir.File("channels.yaml", """
            channels:
            - name: stable
              latest: v1.33.5+k3s1
            - name: latest
              latest: v1.34.1+k3s1
            redirectBase: https://github.com/k3s-io/k3s/releases/tag/
            """), .. extra], time);

    private static async Task<HttpResponseMessage> PollAsync(TestChannelServer server, string channel, string? cluster, string? version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1-release/channels/{channel}");
        if (cluster is not null)
        {
            request.Headers.TryAddWithoutValidation("X-SUC-Cluster-ID", cluster);
        }

        if (version is not null)
        {
            request.Headers.TryAddWithoutValidation("X-SUC-Latest-Version", version);
        }

        var response = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        return response;
    }

    private static JsonElement Channel(JsonElement fleet, string name) =>
        fleet.GetProperty("data").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == name);

    [Fact]
    public async Task Polling_clusters_are_counted_per_channel_with_their_versions_and_who_is_behind()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await StartAsync(time);
        var a = Guid.NewGuid().ToString();
        var b = Guid.NewGuid().ToString();
        var c = Guid.NewGuid().ToString();
        (await PollAsync(server, "stable", a, "v1.33.5+k3s1")).Dispose();
        time.Advance(TimeSpan.FromMinutes(5));
        (await PollAsync(server, "stable", b, "v1.32.9+k3s1")).Dispose();
        (await PollAsync(server, "stable", c, null)).Dispose();
        (await PollAsync(server, "latest", a, "v1.33.5+k3s1")).Dispose();
        // A cluster polling again updates its entry, it does not add one.
        (await PollAsync(server, "stable", b, "v1.33.5+k3s1")).Dispose();

        var fleet = await server.GetJsonAsync("/v1-release/fleet");
        var stable = Channel(fleet, "stable");
        Assert.Equal(3, stable.GetProperty("clusters").GetInt32());
        Assert.Equal(1, stable.GetProperty("behind").GetInt32());
        Assert.Equal("2025-06-10T00:00:00Z", stable.GetProperty("oldestLastSeen").GetString());
        Assert.Equal(2, stable.GetProperty("versions").GetProperty("v1.33.5+k3s1").GetInt32());
        Assert.Equal(1, stable.GetProperty("versions").GetProperty("unknown").GetInt32());
        Assert.Contains(stable.GetProperty("members").EnumerateArray(), m => m.GetProperty("id").GetString() == b && m.GetProperty("version").GetString() == "v1.33.5+k3s1");
        var latest = Channel(fleet, "latest");
        Assert.Equal((1, 1), (latest.GetProperty("clusters").GetInt32(), latest.GetProperty("behind").GetInt32()));

        var metrics = await server.Http.GetStringAsync("/metrics");
        Assert.Contains("channelserver_fleet_clusters{prefix=\"v1-release\",channel=\"stable\",version=\"v1.33.5+k3s1\"} 2", metrics);
        Assert.Contains("channelserver_fleet_clusters_behind{prefix=\"v1-release\",channel=\"stable\"} 1", metrics);
        Assert.DoesNotContain(a, metrics);

        // Not seen for longer than the TTL: gone from the view and the gauges.
        time.Advance(FleetTracker.DefaultTtl + TimeSpan.FromMinutes(1));
        Assert.Equal(0, Channel(await server.GetJsonAsync("/v1-release/fleet"), "stable").GetProperty("clusters").GetInt32());
        Assert.DoesNotContain("version=\"v1.33.5+k3s1\"", await server.Http.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task A_suc_style_poll_that_is_recorded_gets_exactly_the_answer_of_a_plain_request()
    {
        await using var server = await StartAsync(new FakeTimeProvider(Start));
        using var plain = await server.Http.GetAsync("/v1-release/channels/stable");
        using var suc = await PollAsync(server, "stable", Guid.NewGuid().ToString(), "v1.33.5+k3s1");
        Assert.Equal(HttpStatusCode.Found, plain.StatusCode);
        Assert.Equal(plain.Headers.Location, suc.Headers.Location);
        Assert.Equal(plain.Content.Headers.ContentType, suc.Content.Headers.ContentType);
        Assert.Equal(await plain.Content.ReadAsByteArrayAsync(), await suc.Content.ReadAsByteArrayAsync());
        Assert.Equal("<a href=\"https://github.com/k3s-io/k3s/releases/tag/v1.33.5+k3s1\">Found</a>.\n\n", await suc.Content.ReadAsStringAsync());
        Assert.Equal(1, Channel(await server.GetJsonAsync("/v1-release/fleet"), "stable").GetProperty("clusters").GetInt32());
    }

    [Theory]
    [InlineData("cluster-0123")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("{6f1c1a2e-8f0b-4a55-9d33-1f2f5e8a9b10}")]
    [InlineData("6f1c1a2e8f0b4a559d331f2f5e8a9b10")]
    [InlineData("6f1c1a2e-8f0b-4a55-9d33-1f2f5e8a9b10, 7f1c1a2e-8f0b-4a55-9d33-1f2f5e8a9b10")]
    public async Task A_cluster_id_that_is_not_a_uuid_is_ignored_but_still_answered_and_logged(string id)
    {
        await using var server = await StartAsync(new FakeTimeProvider(Start));
        using var response = await PollAsync(server, "stable", id, "v1.33.5+k3s1");
        Assert.Equal("https://github.com/k3s-io/k3s/releases/tag/v1.33.5+k3s1", response.Headers.Location!.OriginalString);
        Assert.Equal(0, Channel(await server.GetJsonAsync("/v1-release/fleet"), "stable").GetProperty("clusters").GetInt32());
        await Eventually.UntilAsync(() => server.Logs.Entries.Any(e => e.Category == "ChannelServer.AccessLog" && e.Message.Contains("latest=v1.33.5+k3s1", StringComparison.Ordinal)),
            "the access log still carries the poll");
    }

    [Fact]
    public async Task A_reported_version_that_is_not_a_version_counts_as_unknown()
    {
        await using var server = await StartAsync(new FakeTimeProvider(Start));
        (await PollAsync(server, "stable", Guid.NewGuid().ToString(), "<script>" + new string('x', 200))).Dispose();
        var stable = Channel(await server.GetJsonAsync("/v1-release/fleet"), "stable");
        Assert.Equal(1, stable.GetProperty("versions").GetProperty("unknown").GetInt32());
        Assert.Equal(1, stable.GetProperty("behind").GetInt32());
    }

    [Fact]
    public void Many_cluster_ids_stay_within_the_bound()
    {
        var time = new FakeTimeProvider(Start);
        using var tracker = new FleetTracker(time, maxClusters: 100);
        for (var i = 0; i < 5000; i++)
        {
            tracker.Record("p", "c", Guid.NewGuid().ToString(), "v1.0.0");
        }

        var index = new ChannelServer.Resolution.ChannelIndex(
            [new ChannelServer.Resolution.PrefixIndex(new ChannelServer.Configuration.PrefixBinding("", "p"), [new("c", "v1.0.0", null, null, "https://x/v1.0.0")], [], [])],
            Start, "test");
        Assert.InRange(tracker.View(index).Single().Clusters, 1, 100);
    }

    [Fact]
    public async Task Version_series_per_channel_are_bounded()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await StartAsync(time);
        for (var i = 0; i < FleetMetrics.MaxVersions + 5; i++)
        {
            (await PollAsync(server, "stable", Guid.NewGuid().ToString(), $"v1.{i}.0+k3s1")).Dispose();
        }

        var series = (await server.Http.GetStringAsync("/metrics")).Split('\n')
            .Where(l => l.StartsWith("channelserver_fleet_clusters{prefix=\"v1-release\",channel=\"stable\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(FleetMetrics.MaxVersions + 1, series.Count);
        Assert.Contains("channelserver_fleet_clusters{prefix=\"v1-release\",channel=\"stable\",version=\"other\"} 5", series);
    }

    [Fact]
    public async Task Fleet_view_false_records_nothing_and_serves_no_view()
    {
        await using var server = await StartAsync(new FakeTimeProvider(Start), "--fleet-view=false");
        using var response = await PollAsync(server, "stable", Guid.NewGuid().ToString(), "v1.33.5+k3s1");
        Assert.Equal("https://github.com/k3s-io/k3s/releases/tag/v1.33.5+k3s1", response.Headers.Location!.OriginalString);
        using var fleet = await server.Http.GetAsync("/v1-release/fleet");
        Assert.Equal(HttpStatusCode.NotFound, fleet.StatusCode);
        Assert.Contains("--fleet-view=false", await fleet.Content.ReadAsStringAsync());
        Assert.DoesNotContain("channelserver_fleet_clusters{", await server.Http.GetStringAsync("/metrics"));
        using var page = new HttpRequestMessage(HttpMethod.Get, "/v1-release/channels");
        page.Headers.Accept.ParseAdd("text/html");
        Assert.DoesNotContain("class=\"fleet\"", await (await server.Http.SendAsync(page)).Content.ReadAsStringAsync());
    }
}
