using System.Net;
using ChannelServer.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ChannelServer.Tests;

/// <summary>Where each prefix's releases came from and how old they are, in /readyz, the HTML page, a metric and /livez.</summary>
public sealed class StalenessTests : IAsyncLifetime
{
    private FakeGitHub _gitHub = null!;
    private TempDir _dir = null!;

    public async Task InitializeAsync()
    {
        _gitHub = await FakeGitHub.StartAsync();
        _gitHub.SetReleases("k3s-io", "k3s", ("v1.99.0+k3s1", false), ("v1.98.5+k3s2", false));
        _dir = new TempDir();
    }

    public async Task DisposeAsync()
    {
        await _gitHub.DisposeAsync();
        _dir.Dispose();
    }

    private Task<TestChannelServer> StartAsync(FakeTimeProvider time, params string[] extra) =>
        TestChannelServer.StartAsync(["--url", _dir.File("channels.yaml", $"""
            channels:
            - name: latest
              latestRegexp: .*
            github: {"{"}owner: k3s-io, repo: k3s, api: {_gitHub.Url}{"}"}
            redirectBase: https://github.com/k3s-io/k3s/releases/tag/
            """), "--stale-after", "1h", .. extra], time);

    [Fact]
    public async Task Livez_fails_once_the_data_from_the_mirror_is_older_than_stale_after_and_recovers()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-06-01T00:00:00Z"));
        await using var server = await StartAsync(time);
        Assert.Equal("ok\n", await server.Http.GetStringAsync("/livez"));
        var metrics = await server.Http.GetStringAsync("/metrics");
        Assert.Contains("channelserver_release_data_age_seconds{prefix=\"v1-release\",source=\"mirror\"} 0", metrics);

        _gitHub.Failure = GitHubFailure.Unavailable503;
        for (var i = 0; i < 5; i++)
        {
            await server.AdvanceToNextRefreshAsync(TimeSpan.FromMinutes(15));
        }

        // Each step moves the clock until the loop ran once more: under load a step may overshoot by an interval.
        var age = time.GetUtcNow() - DateTimeOffset.Parse("2025-06-01T00:00:00Z");
        Assert.True(age >= TimeSpan.FromMinutes(75), age.ToString());
        using (var stale = await server.Http.GetAsync("/livez"))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, stale.StatusCode);
            Assert.Contains($"release data for /v1-release is {Contracts.Versions.GoDuration.Format(age)} old (limit 1h0m0s, source mirror)",
                await stale.Content.ReadAsStringAsync());
        }

        Assert.Contains($"channelserver_release_data_age_seconds{{prefix=\"v1-release\",source=\"mirror\"}} {age.TotalSeconds}", await server.Http.GetStringAsync("/metrics"));
        var prefix = (await server.GetJsonAsync("/readyz")).GetProperty("prefixes")[0];
        Assert.Equal(age.TotalSeconds, prefix.GetProperty("releaseAgeSeconds").GetDouble());
        Assert.Equal(DateTimeOffset.Parse("2025-06-01T00:00:00Z"), prefix.GetProperty("releasesAsOf").GetDateTimeOffset());

        _gitHub.Failure = GitHubFailure.None;
        await server.AdvanceToNextRefreshAsync(TimeSpan.FromMinutes(15));
        Assert.Equal("ok\n", await server.Http.GetStringAsync("/livez"));
    }

    [Fact]
    public async Task The_bundled_snapshot_standing_in_for_github_is_never_silent()
    {
        _gitHub.Failure = GitHubFailure.Unavailable503;
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-01T00:00:00Z"));
        await using var server = await StartAsync(time);

        Assert.Equal("v1.35.0+k3s1", (await server.ChannelVersionsAsync())["latest"]);
        Assert.Single(server.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("from the bundled snapshot", StringComparison.Ordinal));
        await server.AdvanceToNextRefreshAsync(TimeSpan.FromMinutes(15));
        await server.AdvanceToNextRefreshAsync(TimeSpan.FromMinutes(15));
        // One warning per failed refresh, the first (at start) included.
        Assert.True(server.Holder.LastRefresh.Count >= 3);
        Assert.Equal(server.Holder.LastRefresh.Count,
            server.Logs.Entries.Count(e => e.Level == LogLevel.Warning && e.Message.Contains("from the bundled snapshot", StringComparison.Ordinal)));

        var prefix = (await server.GetJsonAsync("/readyz")).GetProperty("prefixes")[0];
        Assert.Equal("bundled-snapshot", prefix.GetProperty("releaseSource").GetString());
        var asOf = prefix.GetProperty("releasesAsOf").GetDateTimeOffset();
        Assert.True(asOf < DateTimeOffset.Parse("2026-06-01T00:00:00Z"), $"dated by its newest release, not by now: {asOf}");

        // Months old against a live source: not live.
        using var livez = await server.Http.GetAsync("/livez");
        Assert.Equal(HttpStatusCode.InternalServerError, livez.StatusCode);
        Assert.Contains("source bundled-snapshot", await livez.Content.ReadAsStringAsync());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1-release/channels");
        request.Headers.Accept.ParseAdd("text/html");
        using var page = await server.Http.SendAsync(request);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("from bundled-snapshot", html);
        Assert.Contains($"as of {asOf.UtcDateTime:yyyy-MM-dd}", html);
        Assert.Contains("The last refresh failed", html);
    }

    [Fact]
    public async Task Livez_fails_when_no_release_data_was_obtained_within_stale_after_of_the_start()
    {
        var config = _dir.File("other.yaml", $"""
            channels:
            - name: latest
              latestRegexp: .*
            github: {"{"}owner: acme, repo: widgets, api: {_gitHub.Url}{"}"}
            """);
        _gitHub.Failure = GitHubFailure.Unavailable503;
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-06-01T00:00:00Z"));
        await using var server = await TestChannelServer.StartAsync(["--url", config, "--stale-after", "1m"], time);
        Assert.Equal("ok\n", await server.Http.GetStringAsync("/livez"));
        time.Advance(TimeSpan.FromMinutes(2));
        using var livez = await server.Http.GetAsync("/livez");
        Assert.Equal(HttpStatusCode.InternalServerError, livez.StatusCode);
        Assert.Contains("release data for /v1-release is missing", await livez.Content.ReadAsStringAsync());
    }
}
