using System.Net;
using ChannelServer.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TestSupport;

namespace ChannelServer.Tests;

/// <summary>Every failure keeps the server answering from its last good state and says why.</summary>
public sealed class FailureTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);
    private FakeGitHub _gitHub = null!;
    private TempDir _dir = null!;

    public async Task InitializeAsync()
    {
        _gitHub = await FakeGitHub.StartAsync();
        _gitHub.SetReleases("k3s-io", "k3s", ("v1.99.1-rc1+k3s1", true), ("v1.99.0+k3s1", false), ("v1.98.5+k3s2", false));
        _gitHub.SetReleases("acme", "widgets", ("v2.0.0", false));
        _dir = new TempDir();
    }

    public async Task DisposeAsync()
    {
        await _gitHub.DisposeAsync();
        _dir.Dispose();
    }

    private string Config(string owner = "k3s-io", string repo = "k3s", string latestRegexp = ".*") => $"""
        channels:
        - name: stable
          latest: v1.98.5+k3s2
        - name: latest
          latestRegexp: {latestRegexp}
          excludeRegexp: ^[^+]+-
        github:
          owner: {owner}
          repo: {repo}
          api: {_gitHub.Url}
        redirectBase: https://github.com/{owner}/{repo}/releases/tag/
        """;

    private Task<TestChannelServer> StartAsync(string configPath, params string[] extra) =>
        TestChannelServer.StartAsync(["--url", configPath, .. extra], new FakeTimeProvider(DateTimeOffset.Parse("2025-06-01T00:00:00Z")));

    [Fact]
    public async Task GitHub_down_at_start_serves_the_last_good_list_from_the_state_dir()
    {
        var config = _dir.File("channels.yaml", Config());
        var state = _dir.Combine("state");
        await using (var first = await StartAsync(config, "--state-dir", state))
        {
            Assert.Equal("v1.99.0+k3s1", (await first.ChannelVersionsAsync())["latest"]);
        }

        var saved = Assert.Single(Directory.GetFiles(state, "releases-*"));
        Assert.Contains("v1.99.0+k3s1", await File.ReadAllTextAsync(saved));

        _gitHub.Failure = GitHubFailure.Unavailable503;
        await using var second = await StartAsync(config, "--state-dir", state);
        Assert.Equal("v1.99.0+k3s1", (await second.ChannelVersionsAsync())["latest"]);
        Assert.True(second.Logs.Contains(LogLevel.Warning, "the last good list"), "the choice of the state file is logged");
        var ready = await second.GetJsonAsync("/readyz");
        Assert.Contains("state-dir", ready.GetProperty("releaseOrigins")[0].GetString());
        var prefix = ready.GetProperty("prefixes")[0];
        Assert.Equal("state-dir", prefix.GetProperty("releaseSource").GetString());
        Assert.Equal(saved, prefix.GetProperty("releaseLocation").GetString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{ this is not a list", "not a JSON list")]
    [InlineData("null", "null, not a list")]
    public async Task GitHub_down_at_start_with_a_broken_state_file_logs_it_and_serves_the_offline_k3s_snapshot(string content, string reason)
    {
        var config = _dir.File("channels.yaml", Config());
        var state = _dir.Combine("state");
        await using (var first = await StartAsync(config, "--state-dir", state))
        {
            Assert.Equal("v1.99.0+k3s1", (await first.ChannelVersionsAsync())["latest"]);
        }

        var saved = Assert.Single(Directory.GetFiles(state, "releases-*"));
        await File.WriteAllTextAsync(saved, content);

        _gitHub.Failure = GitHubFailure.Unavailable503;
        await using var second = await StartAsync(config, "--state-dir", state);
        // The snapshot's newest (v1.35.0+k3s1) is far behind what the channel served (its history in the state
        // dir says v1.99.0+k3s1): it stays there instead of moving every cluster back, and says so.
        var latest = (await second.GetJsonAsync("/v1-release/channels")).GetProperty("data").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "latest");
        Assert.Equal("v1.99.0+k3s1", latest.GetProperty("latest").GetString());
        Assert.Contains("the lower v1.35.0+k3s1", latest.GetProperty("held").GetString());
        Assert.True(second.Logs.Contains(LogLevel.Warning, "the offline snapshot"), "the choice of the snapshot is logged");
        Assert.Contains(second.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(saved, StringComparison.Ordinal)
            && e.Message.Contains(reason, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(content, await File.ReadAllTextAsync(saved));

        // GitHub back: the next refresh overwrites the broken file with the new list.
        _gitHub.Failure = GitHubFailure.None;
        await second.AdvanceToNextRefreshAsync(Interval);
        Assert.Equal("v1.99.0+k3s1", (await second.ChannelVersionsAsync())["latest"]);
        Assert.Contains("v1.99.0+k3s1", await File.ReadAllTextAsync(saved));
    }

    [Fact]
    public async Task GitHub_down_at_start_without_state_serves_the_offline_k3s_snapshot()
    {
        _gitHub.Failure = GitHubFailure.Unavailable503;
        var config = _dir.File("channels.yaml", Config());
        await using var server = await StartAsync(config);

        // The bundled snapshot is the repo's config/k3s-releases.json: its newest stable release.
        Assert.Equal("v1.35.0+k3s1", (await server.ChannelVersionsAsync())["latest"]);
        Assert.True(server.Logs.Contains(LogLevel.Warning, "the offline snapshot"), "the choice of the snapshot is logged");
    }

    [Fact]
    public async Task With_nothing_to_serve_the_api_answers_503_until_a_refresh_succeeds()
    {
        _gitHub.Failure = GitHubFailure.Unavailable503;
        var config = _dir.File("channels.yaml", Config("acme", "widgets"));
        await using var server = await StartAsync(config);

        using (var response = await server.Http.GetAsync("/v1-release/channels/latest"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("\"code\":\"ServiceUnavailable\"", await response.Content.ReadAsStringAsync());
        }

        using (var ready = await server.Http.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        Assert.Equal("ok\n", await server.Http.GetStringAsync("/healthz"));
        Assert.True(server.Logs.Contains(LogLevel.Error, "its regexp channels answer 503 until release data is obtained"));
        // Pinned channels need no release data: they answer from the config all along.
        Assert.Equal("https://github.com/acme/widgets/releases/tag/v1.98.5+k3s2", await server.GetLocationAsync("/v1-release/channels/stable"));

        _gitHub.Failure = GitHubFailure.None;
        await server.AdvanceToNextRefreshAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("https://github.com/acme/widgets/releases/tag/v2.0.0", await server.GetLocationAsync("/v1-release/channels/latest"));
    }

    [Theory]
    [InlineData(GitHubFailure.Unavailable503, "GitHub answered 503")]
    [InlineData(GitHubFailure.RateLimited403, "rate limit")]
    [InlineData(GitHubFailure.TooManyRequests429, "429")]
    [InlineData(GitHubFailure.MalformedJson, "answered 200 with not JSON")]
    [InlineData(GitHubFailure.Slow, "could not be reached")]
    public async Task GitHub_failing_later_keeps_the_index_and_readyz_tells_its_age(GitHubFailure failure, string reason)
    {
        _gitHub.SlowDelay = TimeSpan.FromSeconds(10);
        var config = _dir.File("channels.yaml", Config());
        await using var server = await StartAsync(config, "--github-timeout", "1s");
        Assert.Equal("v1.99.0+k3s1", (await server.ChannelVersionsAsync())["latest"]);

        _gitHub.Failure = failure;
        _gitHub.SetReleases("k3s-io", "k3s", ("v1.100.0+k3s1", false), ("v1.99.1-rc1+k3s1", true), ("v1.99.0+k3s1", false), ("v1.98.5+k3s2", false));
        await server.AdvanceToNextRefreshAsync(Interval);

        Assert.Equal("failure", server.Holder.LastRefresh.Outcome);
        Assert.Contains(reason, server.Holder.LastRefresh.Error, StringComparison.OrdinalIgnoreCase);
        Assert.True(server.Logs.Contains(LogLevel.Error, "keeping the index in service"));
        Assert.Equal("https://github.com/k3s-io/k3s/releases/tag/v1.99.0+k3s1", await server.GetLocationAsync("/v1-release/channels/latest"));

        var ready = await server.GetJsonAsync("/readyz");
        Assert.True(ready.GetProperty("ready").GetBoolean());
        var prefix = ready.GetProperty("prefixes")[0];
        Assert.Equal("mirror", prefix.GetProperty("releaseSource").GetString());
        Assert.True(prefix.GetProperty("releaseAgeSeconds").GetDouble() >= Interval.TotalSeconds, ready.ToString());
        Assert.Contains(reason, prefix.GetProperty("lastError").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("failure", ready.GetProperty("lastRefreshOutcome").GetString());
        var metrics = await server.Http.GetStringAsync("/metrics");
        Assert.Contains("channelserver_refresh_total{outcome=\"failure\"} 1", metrics);

        // GitHub back: the next refresh picks up the new release.
        _gitHub.Failure = GitHubFailure.None;
        await server.AdvanceToNextRefreshAsync(Interval);
        Assert.Equal("v1.100.0+k3s1", (await server.ChannelVersionsAsync())["latest"]);
    }

    [Fact]
    public async Task A_rate_limited_refresh_records_the_remaining_quota()
    {
        var config = _dir.File("channels.yaml", Config());
        await using var server = await StartAsync(config);
        _gitHub.Failure = GitHubFailure.RateLimited403;
        await server.AdvanceToNextRefreshAsync(Interval);
        Assert.Contains("channelserver_github_rate_limit_remaining 0", await server.Http.GetStringAsync("/metrics"));
        Assert.Contains("channelserver_github_requests_total{status=\"403\"} 1", await server.Http.GetStringAsync("/metrics"));
    }

    [Theory]
    [InlineData("(unclosed", "does not compile")]
    [InlineData("(a)\\1", "does not compile")] // backreference: RE2 has none
    [InlineData("v(?=1)", "does not compile")] // lookahead: RE2 has none
    public async Task A_bad_regex_in_a_changed_config_keeps_the_previous_index_and_logs_the_error(string pattern, string reason)
    {
        var config = _dir.File("channels.yaml", Config());
        await using var server = await StartAsync(config);
        var before = server.Holder.LastRefresh.Count;

        await File.WriteAllTextAsync(config, Config(latestRegexp: pattern).Replace("v1.98.5+k3s2", "v1.0.0+k3s1", StringComparison.Ordinal));
        await Eventually.UntilAsync(() => server.Holder.LastRefresh.Count > before, "the changed config file was read");

        Assert.Equal("failure", server.Holder.LastRefresh.Outcome);
        Assert.True(server.Logs.Contains(LogLevel.Error, reason), "the error is logged");
        Assert.True(server.Logs.Contains(LogLevel.Error, "channel 'latest'"), "the log names the channel");
        Assert.Equal("https://github.com/k3s-io/k3s/releases/tag/v1.98.5+k3s2", await server.GetLocationAsync("/v1-release/channels/stable"));
        Assert.Equal("https://github.com/k3s-io/k3s/releases/tag/v1.99.0+k3s1", await server.GetLocationAsync("/v1-release/channels/latest"));
    }

    [Fact]
    public async Task A_local_config_change_applies_within_seconds()
    {
        var config = _dir.File("channels.yaml", Config());
        await using var server = await StartAsync(config);
        await File.WriteAllTextAsync(config, Config().Replace("v1.98.5+k3s2", "v1.97.0+k3s1", StringComparison.Ordinal));
        await Eventually.UntilAsync(
            async () => (await server.ChannelVersionsAsync())["stable"] == "v1.97.0+k3s1",
            "the new pinned version is served", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_config_change_in_a_kubernetes_configmap_volume_applies_within_seconds()
    {
        // The layout kubelet writes: a timestamped dir, ..data pointing at it, the key a symlink through ..data.
        var volume = _dir.Combine("configmap");
        Directory.CreateDirectory(volume);
        WriteConfigMapGeneration(volume, "..2026_01_01_00_00_00.000000001", Config());
        File.CreateSymbolicLink(Path.Combine(volume, "..data"), "..2026_01_01_00_00_00.000000001");
        File.CreateSymbolicLink(Path.Combine(volume, "channels.yaml"), Path.Combine("..data", "channels.yaml"));
        var config = Path.Combine(volume, "channels.yaml");
        await using var server = await StartAsync(config);
        Assert.Equal("v1.98.5+k3s2", (await server.ChannelVersionsAsync())["stable"]);

        // kubelet's update: a new timestamped dir, a temporary symlink to it renamed over ..data, the old dir removed.
        WriteConfigMapGeneration(volume, "..2026_01_01_00_05_00.000000002", Config().Replace("v1.98.5+k3s2", "v1.97.0+k3s1", StringComparison.Ordinal));
        File.CreateSymbolicLink(Path.Combine(volume, "..data_tmp"), "..2026_01_01_00_05_00.000000002");
        Posix.Rename(Path.Combine(volume, "..data_tmp"), Path.Combine(volume, "..data"));
        Directory.Delete(Path.Combine(volume, "..2026_01_01_00_00_00.000000001"), recursive: true);

        await Eventually.UntilAsync(
            async () => (await server.ChannelVersionsAsync())["stable"] == "v1.97.0+k3s1",
            "the new pinned version is served", TimeSpan.FromSeconds(10));
        Assert.True(server.Logs.Contains(LogLevel.Information, $"Config file {config} changed"), "the reason for the refresh is logged");
    }

    [Fact]
    public async Task Other_files_in_the_config_directory_and_rewrites_with_the_same_content_do_not_refresh()
    {
        var config = _dir.File("channels.yaml", Config());
        await using var server = await StartAsync(config);
        var refreshes = server.Holder.LastRefresh.Count;

        _dir.File("notes.txt", "not a config");
        await File.WriteAllTextAsync(config, Config());
        await Eventually.UntilAsync(() => server.Logs.Contains(LogLevel.Debug, "no watched file's content did"), "the events were looked at");
        Assert.Equal(refreshes, server.Holder.LastRefresh.Count);

        await File.WriteAllTextAsync(config, Config().Replace("v1.98.5+k3s2", "v1.97.0+k3s1", StringComparison.Ordinal));
        await Eventually.UntilAsync(
            async () => (await server.ChannelVersionsAsync())["stable"] == "v1.97.0+k3s1",
            "the new pinned version is served", TimeSpan.FromSeconds(10));
        // The index is swapped in before the refresh is recorded, so the count may trail the answer by a moment.
        await Eventually.UntilAsync(() => server.Holder.LastRefresh.Count > refreshes, "the refresh is recorded");
        Assert.Equal(refreshes + 1, server.Holder.LastRefresh.Count);
    }

    private static void WriteConfigMapGeneration(string volume, string name, string content)
    {
        Directory.CreateDirectory(Path.Combine(volume, name));
        File.WriteAllText(Path.Combine(volume, name, "channels.yaml"), content);
    }

    [Fact]
    public async Task Unreachable_sources_are_skipped_and_the_whole_list_is_tried_again_on_each_refresh()
    {
        var local = _dir.File("channels.yaml", Config());
        var remote = _gitHub.FileUrl("channels.yaml");
        _gitHub.Files["channels.yaml"] = (500, "oops");
        await using var server = await StartAsync(remote, "--url", "http://127.0.0.1:1/closed.yaml", "--url", local);

        Assert.Equal("v1.98.5+k3s2", (await server.ChannelVersionsAsync())["stable"]);
        Assert.True(server.Logs.Contains(LogLevel.Warning, "HTTP 500"), "the skipped source is logged with its reason");
        Assert.Equal(local, (await server.GetJsonAsync("/readyz")).GetProperty("configSource").GetString());

        // The first source comes back: the next refresh uses it again (the reference would not).
        _gitHub.Files["channels.yaml"] = (200, Config().Replace("v1.98.5+k3s2", "v1.96.0+k3s1", StringComparison.Ordinal));
        await server.AdvanceToNextRefreshAsync(Interval);
        Assert.Equal("v1.96.0+k3s1", (await server.ChannelVersionsAsync())["stable"]);
        Assert.Equal(remote, (await server.GetJsonAsync("/readyz")).GetProperty("configSource").GetString());
    }

    [Fact]
    public async Task All_sources_unreachable_later_keeps_the_index()
    {
        var remote = _gitHub.FileUrl("channels.yaml");
        _gitHub.Files["channels.yaml"] = (200, Config());
        await using var server = await StartAsync(remote);
        _gitHub.Files["channels.yaml"] = (404, "gone");
        await server.AdvanceToNextRefreshAsync(Interval);
        Assert.Equal("failure", server.Holder.LastRefresh.Outcome);
        Assert.Contains("no configuration source could be loaded", server.Holder.LastRefresh.Error);
        Assert.Equal("v1.98.5+k3s2", (await server.ChannelVersionsAsync())["stable"]);
    }

    [Fact]
    public async Task Garbage_config_at_start_answers_503_and_a_fixed_file_is_picked_up()
    {
        var config = _dir.File("channels.yaml", "channels: [ {{{ this is : not yaml");
        await using var server = await StartAsync(config);
        using (var response = await server.Http.GetAsync("/v1-release/channels"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        Assert.True(server.Logs.Contains(LogLevel.Error, "not valid YAML or JSON"));
        await File.WriteAllTextAsync(config, Config());
        await Eventually.UntilAsync(async () =>
        {
            using var response = await server.Http.GetAsync("/v1-release/channels/stable");
            return response.StatusCode == HttpStatusCode.Found;
        }, "the fixed config is served");
    }

    [Fact]
    public async Task A_config_key_that_does_not_hold_a_mapping_is_an_error_naming_the_key()
    {
        var config = _dir.File("channels.yaml", "k3s: just a string\n");
        await using var server = await StartAsync(config, "--config-key", "k3s");
        Assert.True(server.Logs.Contains(LogLevel.Error, "config key 'k3s' does not hold a mapping"));
        using var response = await server.Http.GetAsync("/v1-release/channels");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }
}
