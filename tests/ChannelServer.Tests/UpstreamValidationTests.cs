using System.Net;
using ChannelServer.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TestSupport;

namespace ChannelServer.Tests;

/// <summary>An upstream answering 200 with something that is not a good release list: refused, last good kept, nothing written.</summary>
public sealed class UpstreamValidationTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);
    private FakeGitHub _gitHub = null!;
    private TempDir _dir = null!;

    public async Task InitializeAsync()
    {
        _gitHub = await FakeGitHub.StartAsync();
        _gitHub.SetReleases("k3s-io", "k3s", ("v1.99.1-rc1+k3s1", true), ("v1.99.0+k3s1", false), ("v1.98.5+k3s2", false), ("v1.98.4+k3s1", false));
        _dir = new TempDir();
    }

    public async Task DisposeAsync()
    {
        await _gitHub.DisposeAsync();
        _dir.Dispose();
    }

    private string Config() => _dir.File("channels.yaml", $"""
        channels:
        - name: stable
          latest: v1.98.5+k3s2
        - name: latest
          latestRegexp: .*
          excludeRegexp: ^[^+]+-
        github:
          owner: k3s-io
          repo: k3s
          api: {_gitHub.Url}
        redirectBase: https://github.com/k3s-io/k3s/releases/tag/
        """);

    private Task<TestChannelServer> StartAsync(params string[] extra) =>
        TestChannelServer.StartAsync(["--url", Config(), "--state-dir", _dir.Combine("state"), .. extra],
            new FakeTimeProvider(DateTimeOffset.Parse("2025-06-01T00:00:00Z")));

    [Theory]
    [InlineData(GitHubFailure.WrongShape, "answered 200 with a JSON object, not an array of releases (message: \"Moved to a new home\")")]
    [InlineData(GitHubFailure.EmptyList, "the release list is empty; refused")]
    [InlineData(GitHubFailure.BinaryContentType, "answered 200 with a body of Content-Type application/octet-stream, not JSON")]
    [InlineData(GitHubFailure.ShrunkList, "the release list shrank from 4 to 1 releases, by more than half; refused")]
    public async Task A_bad_list_is_a_failed_refresh_that_keeps_the_last_good_and_never_reaches_the_state_dir(GitHubFailure failure, string reason)
    {
        await using var server = await StartAsync();
        Assert.Equal("v1.99.0+k3s1", (await server.ChannelVersionsAsync())["latest"]);
        var state = Assert.Single(Directory.GetFiles(_dir.Combine("state"), "releases-*"));
        var saved = await File.ReadAllBytesAsync(state);

        _gitHub.Failure = failure;
        await server.AdvanceToNextRefreshAsync(Interval);

        Assert.Equal("failure", server.Holder.LastRefresh.Outcome);
        var releasesUrl = new Uri(_gitHub.Url, "api/v3/repos/k3s-io/k3s/releases").ToString();
        Assert.Contains(reason, server.Holder.LastRefresh.Error);
        Assert.Contains(releasesUrl, server.Holder.LastRefresh.Error);
        Assert.True(server.Logs.Contains(LogLevel.Error, reason), "the refusal is logged");
        Assert.Equal("https://github.com/k3s-io/k3s/releases/tag/v1.99.0+k3s1", await server.GetLocationAsync("/v1-release/channels/latest"));
        Assert.Equal(saved, await File.ReadAllBytesAsync(state));

        var prefix = (await server.GetJsonAsync("/readyz")).GetProperty("prefixes")[0];
        Assert.Contains(reason, prefix.GetProperty("lastError").GetString());
        Assert.Equal(4, prefix.GetProperty("releaseCount").GetInt32());
        if (failure is GitHubFailure.EmptyList or GitHubFailure.ShrunkList)
        {
            var code = failure == GitHubFailure.EmptyList ? "empty" : "shrunk";
            Assert.Contains($"channelserver_release_list_refused_total{{repository=\"k3s-io/k3s at {_gitHub.Url}\",reason=\"{code}\"}} 1",
                await server.Http.GetStringAsync("/metrics"));
        }
    }

    [Fact]
    public async Task With_accept_release_shrink_a_shrunk_list_is_taken()
    {
        // --allow-downgrade too: without it the taken list would not move the channel backwards.
        await using var server = await StartAsync("--accept-release-shrink", "--allow-downgrade");
        Assert.Equal("v1.99.0+k3s1", (await server.ChannelVersionsAsync())["latest"]);
        _gitHub.SetReleases("k3s-io", "k3s", ("v1.97.0+k3s1", false));
        await server.AdvanceToNextRefreshAsync(Interval);
        Assert.Equal("success", server.Holder.LastRefresh.Outcome);
        Assert.Equal("v1.97.0+k3s1", (await server.ChannelVersionsAsync())["latest"]);
    }

    [Fact]
    public async Task A_taken_shrunk_list_does_not_move_a_channel_back_without_allow_downgrade()
    {
        await using var server = await StartAsync("--accept-release-shrink");
        _gitHub.SetReleases("k3s-io", "k3s", ("v1.97.0+k3s1", false));
        await server.AdvanceToNextRefreshAsync(Interval);
        Assert.Equal("success", server.Holder.LastRefresh.Outcome);
        Assert.Equal("v1.99.0+k3s1", (await server.ChannelVersionsAsync())["latest"]);
        var latest = (await server.GetJsonAsync("/v1-release/channels")).GetProperty("data").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "latest");
        Assert.Contains("stays at v1.99.0+k3s1", latest.GetProperty("held").GetString());
    }

    [Fact]
    public async Task A_shrunk_list_is_refused_against_the_state_dir_after_a_restart()
    {
        await using (var first = await StartAsync())
        {
            Assert.Equal("v1.99.0+k3s1", (await first.ChannelVersionsAsync())["latest"]);
        }

        _gitHub.Failure = GitHubFailure.ShrunkList;
        await using var second = await StartAsync();
        Assert.Contains("shrank from 4 to 1", second.Holder.LastRefresh.Error);
        Assert.Equal("v1.99.0+k3s1", (await second.ChannelVersionsAsync())["latest"]);
        Assert.Equal("state-dir", (await second.GetJsonAsync("/readyz")).GetProperty("prefixes")[0].GetProperty("releaseSource").GetString());
    }

    [Fact]
    public async Task Corrupt_upstream_then_a_restart_with_the_upstream_down_serves_the_good_list()
    {
        await using (var first = await StartAsync())
        {
            Assert.Equal("v1.99.0+k3s1", (await first.ChannelVersionsAsync())["latest"]);
            _gitHub.Failure = GitHubFailure.WrongShape;
            await first.AdvanceToNextRefreshAsync(Interval);
            Assert.Equal("failure", first.Holder.LastRefresh.Outcome);
            _gitHub.Failure = GitHubFailure.EmptyList;
            await first.AdvanceToNextRefreshAsync(Interval);
            Assert.Equal("failure", first.Holder.LastRefresh.Outcome);
        }

        _gitHub.Failure = GitHubFailure.Unavailable503;
        await using var second = await StartAsync();
        Assert.Equal("v1.99.0+k3s1", (await second.ChannelVersionsAsync())["latest"]);
        var ready = await second.GetJsonAsync("/readyz");
        Assert.True(ready.GetProperty("ready").GetBoolean());
        Assert.Equal("state-dir", ready.GetProperty("prefixes")[0].GetProperty("releaseSource").GetString());
        Assert.Equal(4, ready.GetProperty("prefixes")[0].GetProperty("releaseCount").GetInt32());
    }

    [Fact]
    public async Task A_releases_file_of_the_wrong_shape_is_refused_and_the_last_good_stays()
    {
        var file = _dir.File("releases.json", """[{"tag_name":"v1.50.0+k3s1","prerelease":false},{"tag_name":"v1.49.0+k3s1","prerelease":false}]""");
        await using var server = await StartAsync("--releases-file", file);
        Assert.Equal("v1.50.0+k3s1", (await server.ChannelVersionsAsync())["latest"]);

        await File.WriteAllTextAsync(file, """[{"name":"no tag here"}]""");
        await Eventually.UntilAsync(() => server.Holder.LastRefresh.Outcome == "failure", "the changed file was refused");
        Assert.Contains("item 0 has no string tag_name", server.Holder.LastRefresh.Error);
        Assert.Equal("v1.50.0+k3s1", (await server.ChannelVersionsAsync())["latest"]);
        using var response = await server.Http.GetAsync("/v1-release/channels/latest");
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
    }
}
