using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChannelServer.Tests.Infrastructure;
using Contracts.Versions;
using TestSupport;
using YamlDotNet.RepresentationModel;

namespace ChannelServer.Tests;

/// <summary>The repo's K3s channel config against the repo's 826 real K3s releases, served by a fake GitHub.</summary>
public sealed class K3sChannelResolutionTests : IAsyncLifetime
{
    private FakeGitHub _gitHub = null!;
    private TempDir _dir = null!;
    private TestChannelServer _server = null!;

    public async Task InitializeAsync()
    {
        _gitHub = await FakeGitHub.StartAsync();
        _gitHub.SetReleases("k3s-io", "k3s", await File.ReadAllTextAsync(RepoFiles.K3sReleases));
        _dir = new TempDir();
        var config = _dir.File("channels.yaml", RepoFiles.K3sConfigFor(_gitHub.Url));
        _server = await TestChannelServer.StartAsync(["--url", config]);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _gitHub.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("stable", "v1.31.4+k3s1")] // pinned
    [InlineData("latest", "v1.35.0+k3s1")] // the newest release, not a pre-release
    [InlineData("testing", "v1.18.2-rc3+k3s1")] // the one rc GitHub lists without the prerelease flag
    [InlineData("v1.18-testing", "v1.18.2-rc3+k3s1")]
    [InlineData("v1.16", "v1.16.15+k3s1")]
    [InlineData("v1.17", "v1.17.17+k3s1")]
    [InlineData("v1.24", "v1.24.17+k3s1")]
    [InlineData("v1.25", "v1.25.16+k3s4")] // same precedence as +k3s3: the higher build number wins
    [InlineData("v1.31", "v1.31.14+k3s1")] // v1.31.14-rc2+k3s1 is a pre-release
    [InlineData("v1.32", "v1.32.11+k3s1")]
    public async Task Hand_derived_channels_redirect_to_their_release(string channel, string version)
    {
        var location = await _server.GetLocationAsync($"/v1-release/channels/{channel}");
        Assert.Equal($"https://github.com/k3s-io/k3s/releases/tag/{version}", location);
    }

    [Fact]
    public async Task A_channel_whose_pattern_matches_only_prereleases_has_no_version()
    {
        using var response = await _server.Http.GetAsync("/v1-release/channels/v1.16-testing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var versions = await _server.ChannelVersionsAsync();
        Assert.Null(versions["v1.16-testing"]);
    }

    [Fact]
    public async Task Every_channel_of_the_k3s_config_resolves_as_the_rules_say()
    {
        var releases = JsonDocument.Parse(await File.ReadAllTextAsync(RepoFiles.K3sReleases)).RootElement.EnumerateArray()
            .Select(r => (Tag: r.GetProperty("tag_name").GetString() ?? string.Empty, Prerelease: r.GetProperty("prerelease").GetBoolean()))
            .ToList();
        var channels = ReadChannels(RepoFiles.K3sChannels);
        Assert.True(channels.Count >= 20, "the repo's config lists the K3s channels");

        var served = await _server.ChannelVersionsAsync();
        Assert.Equal(channels.Select(c => c.Name), served.Keys);
        foreach (var channel in channels)
        {
            Assert.True(Expected(channel, releases) == served[channel.Name],
                $"channel {channel.Name}: expected {Expected(channel, releases) ?? "none"}, served {served[channel.Name] ?? "none"}");
        }
    }

    [Fact]
    public async Task All_pages_are_read_and_an_unchanged_list_costs_one_304()
    {
        // 826 releases at 100 a page: 9 pages for the first refresh.
        Assert.Equal(9, _gitHub.ListRequests);
        Assert.Equal(0, _gitHub.NotModified);

        // A config change triggers a refresh at once (file watch); the release list is unchanged.
        var before = _server.Holder.LastRefresh.Count;
        var config = Path.Combine(_dir.Path, "channels.yaml");
        await File.AppendAllTextAsync(config, "\n# touched\n");
        await Eventually.UntilAsync(() => _server.Holder.LastRefresh.Count > before, "the config change was applied");

        // Only the first page is asked for (a 304): a new release would have changed it.
        Assert.Equal("success", _server.Holder.LastRefresh.Outcome);
        Assert.Equal(10, _gitHub.ListRequests);
        Assert.Equal(1, _gitHub.NotModified);
        var metrics = await _server.Http.GetStringAsync("/metrics");
        Assert.Contains("channelserver_github_requests_total{status=\"304\"} 1", metrics);
        Assert.Contains("channelserver_github_requests_total{status=\"200\"} 9", metrics);
        Assert.Equal("v1.25.16+k3s4", (await _server.ChannelVersionsAsync())["v1.25"]);
    }

    private static string? Expected(ChannelEntry channel, IReadOnlyList<(string Tag, bool Prerelease)> releases)
    {
        if (!string.IsNullOrEmpty(channel.Latest))
        {
            return channel.Latest;
        }

        if (string.IsNullOrEmpty(channel.LatestRegexp))
        {
            return null;
        }

        var candidates = new List<ReleaseVersion>();
        foreach (var (tag, prerelease) in releases)
        {
            if (tag.Length == 0 || prerelease || !Regex.IsMatch(tag, channel.LatestRegexp)
                || (!string.IsNullOrEmpty(channel.ExcludeRegexp) && Regex.IsMatch(tag, channel.ExcludeRegexp)))
            {
                continue;
            }

            if (ReleaseVersion.TryParse(tag, out var version))
            {
                candidates.Add(version);
            }
        }

        // OrderByDescending is stable: among equals the one listed first (newest on GitHub) stays first.
        return candidates.OrderByDescending(v => v).FirstOrDefault()?.Original;
    }

    private sealed record ChannelEntry(string Name, string? Latest, string? LatestRegexp, string? ExcludeRegexp);

    private static List<ChannelEntry> ReadChannels(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var list = (YamlSequenceNode)root.Children[new YamlScalarNode("channels")];
        return list.Children.Cast<YamlMappingNode>().Select(m =>
        {
            string? Get(string key) => m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value : null;
            return new ChannelEntry(Get("name")!, Get("latest"), Get("latestRegexp"), Get("excludeRegexp"));
        }).ToList();
    }
}
