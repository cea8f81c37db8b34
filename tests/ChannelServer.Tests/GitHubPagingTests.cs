using System.Text.Json.Nodes;
using ChannelServer.Releases;
using ChannelServer.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace ChannelServer.Tests;

/// <summary>
/// The 826 real K3s releases (9 pages of 100) behind a fake GitHub: what each refresh costs, and that new
/// releases and edits deep in the list are still read.
/// </summary>
public sealed class GitHubPagingTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);
    private FakeGitHub _gitHub = null!;
    private TempDir _dir = null!;
    private TestChannelServer _server = null!;
    private JsonArray _releases = null!;

    public async Task InitializeAsync()
    {
        _gitHub = await FakeGitHub.StartAsync();
        _releases = JsonNode.Parse(await File.ReadAllTextAsync(RepoFiles.K3sReleases))!.AsArray();
        Publish();
        _dir = new TempDir();
        var config = _dir.File("channels.yaml", RepoFiles.K3sConfigFor(_gitHub.Url));
        _server = await TestChannelServer.StartAsync(
            ["--url", config, "--refresh-interval", "15m"], new FakeTimeProvider(DateTimeOffset.Parse("2025-06-01T00:00:00Z")));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _gitHub.DisposeAsync();
        _dir.Dispose();
    }

    private void Publish() => _gitHub.SetReleases("k3s-io", "k3s", _releases.ToJsonString());

    // One refresh: the fake clock moves a minute at a time until the loop has run again, so it overshoots the
    // refresh time by little and the age of the last full read stays measured.
    private Task RefreshAsync() => _server.AdvanceToNextRefreshAsync(TimeSpan.FromMinutes(1));

    [Fact]
    public async Task An_unchanged_list_costs_one_request_per_refresh_and_that_one_is_a_304()
    {
        Assert.Equal(9, _gitHub.ListRequests);
        await RefreshAsync();
        await RefreshAsync();
        Assert.Equal("success", _server.Holder.LastRefresh.Outcome);
        Assert.Equal((11, 2), (_gitHub.ListRequests, _gitHub.NotModified));
        var metrics = await _server.Http.GetStringAsync("/metrics");
        Assert.Contains("channelserver_github_requests_total{status=\"304\"} 2", metrics);
        Assert.Contains("channelserver_github_requests_total{status=\"200\"} 9", metrics);
    }

    [Fact]
    public async Task A_new_release_changes_the_first_page_and_the_whole_list_is_read()
    {
        var newest = _releases[0]!.DeepClone().AsObject();
        newest["id"] = 999_999_999;
        newest["tag_name"] = "v1.32.12+k3s1";
        newest["name"] = "v1.32.12+k3s1";
        newest["prerelease"] = false;
        _releases.Insert(0, newest);
        Publish();
        await RefreshAsync();
        Assert.Equal("v1.32.12+k3s1", (await _server.ChannelVersionsAsync())["v1.32"]);
        // The first page (changed: 200), then the 9 pages again (827 releases: 8 of 100 and one of 27).
        Assert.Equal(9 + 1 + 9, _gitHub.ListRequests);
    }

    [Fact]
    public async Task An_edit_deep_in_the_list_is_read_within_the_full_list_age()
    {
        // v1.17.17+k3s1 is far past the first page; marking it a pre-release leaves the first page unchanged.
        var old = _releases.Single(r => (string?)r!["tag_name"] == "v1.17.17+k3s1")!;
        Assert.True(_releases.IndexOf(old) >= 100);
        Assert.Equal("v1.17.17+k3s1", (await _server.ChannelVersionsAsync())["v1.17"]);
        old["prerelease"] = true;
        Publish();

        await RefreshAsync();
        Assert.Equal("v1.17.17+k3s1", (await _server.ChannelVersionsAsync())["v1.17"]);
        Assert.Equal(10, _gitHub.ListRequests);

        var refreshes = 1;
        // The channel does not move back by itself (no silent backwards moves): the read edit shows as a held move.
        while (!await V117HeldAsync())
        {
            Assert.True(refreshes * Interval <= GitHubReleaseClient.FullListMaxAge, $"the edit was not read after {refreshes} refreshes");
            await RefreshAsync();
            refreshes++;
        }

        // Read by a full read of the list, once the last one was FullListMaxAge old: the channel saw the edit.
        Assert.Equal("v1.17.17+k3s1", (await _server.ChannelVersionsAsync())["v1.17"]);
        Assert.True(refreshes >= 2);
        // The start (9 pages), one first-page request per refresh inside the age, then a full read (9 pages).
        Assert.Equal(9 + (refreshes - 1) + 9, _gitHub.ListRequests);
    }

    private async Task<bool> V117HeldAsync()
    {
        var channels = await _server.GetJsonAsync("/v1-release/channels");
        var channel = channels.GetProperty("data").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "v1.17");
        return channel.TryGetProperty("held", out var held) && held.GetString()!.Contains("stays at v1.17.17+k3s1: the newest eligible release is now the lower v1.17.", StringComparison.Ordinal);
    }
}
