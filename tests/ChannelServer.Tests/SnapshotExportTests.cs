using System.Text.Json;
using ChannelServer.Releases;
using ChannelServer.Tests.Infrastructure;
using TestSupport;

namespace ChannelServer.Tests;

/// <summary>The air-gapped path: export a snapshot from a (fake) GitHub Enterprise, serve it with no GitHub at all.</summary>
public sealed class SnapshotExportTests
{
    [Fact]
    public async Task An_exported_snapshot_serves_the_same_channels_without_github()
    {
        await using var gitHub = await FakeGitHub.StartAsync();
        gitHub.SetReleases("k3s-io", "k3s", await File.ReadAllTextAsync(RepoFiles.K3sReleases));
        using var dir = new TempDir();
        var file = dir.Combine("export/k3s.json");

        var output = new StringWriter();
        var error = new StringWriter();
        var code = await SnapshotExportCommand.RunAsync(
            ["--owner", "k3s-io", "--repo", "k3s", "--api", gitHub.Url.ToString(), "--out", file], output, error);
        Assert.True(code == 0, error.ToString());
        Assert.Contains("wrote 826 releases", output.ToString());

        var source = JsonDocument.Parse(await File.ReadAllTextAsync(RepoFiles.K3sReleases)).RootElement.EnumerateArray()
            .Select(r => (r.GetProperty("tag_name").GetString(), r.GetProperty("prerelease").GetBoolean())).ToList();
        var exported = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement.EnumerateArray()
            .Select(r => (r.GetProperty("tag_name").GetString(), r.GetProperty("prerelease").GetBoolean())).ToList();
        Assert.Equal(source, exported);

        // Air-gapped side: the config still names GitHub, but --releases-file means it is never called.
        var requestsBefore = gitHub.ListRequests;
        await using var fromGitHub = await TestChannelServer.StartAsync(["--url", dir.File("a.yaml", RepoFiles.K3sConfigFor(gitHub.Url))]);
        await using var airGapped = await TestChannelServer.StartAsync(["--url", RepoFiles.K3sChannels, "--releases-file", file]);
        Assert.Equal(await fromGitHub.ChannelVersionsAsync(), await airGapped.ChannelVersionsAsync());
        Assert.Equal(requestsBefore + 9, gitHub.ListRequests);
    }

    [Fact]
    public async Task An_exported_snapshot_keeps_asset_names_and_serves_required_asset_rules_air_gapped()
    {
        await using var gitHub = await FakeGitHub.StartAsync();
        gitHub.SetReleases("k3s-io", "k3s", """
            [{"id":2,"tag_name":"v1.34.0+k3s1","prerelease":false,"published_at":"2025-06-01T00:00:00Z","assets":[{"id":1,"name":"k3s","size":5}]},
             {"id":1,"tag_name":"v1.33.0+k3s1","prerelease":false,"published_at":"2025-05-01T00:00:00Z","assets":[{"id":2,"name":"k3s","size":5},{"id":3,"name":"k3s-airgap-images-amd64.tar.zst","size":9}]}]
            """);
        using var dir = new TempDir();
        var file = dir.Combine("k3s.json");
        var error = new StringWriter();
        Assert.True(await SnapshotExportCommand.RunAsync(["--owner", "k3s-io", "--repo", "k3s", "--api", gitHub.Url.ToString(), "--out", file], new StringWriter(), error) == 0, error.ToString());

        var exported = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement;
        Assert.Equal(["k3s", "k3s-airgap-images-amd64.tar.zst"], exported[1].GetProperty("assets").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        // Only the name is kept of GitHub's asset object.
        Assert.Equal(["name"], exported[1].GetProperty("assets")[0].EnumerateObject().Select(p => p.Name));

        await using var airGapped = await TestChannelServer.StartAsync(["--releases-file", file, "--url", dir.File("c.yaml", """
            channels:
            - name: airgap
              latestRegexp: .*
              requireAssets: ["k3s-airgap-images-*.tar.zst"]
            github: {owner: k3s-io, repo: k3s}
            redirectBase: https://github.com/k3s-io/k3s/releases/tag/
            """)]);
        Assert.Equal("v1.33.0+k3s1", (await airGapped.ChannelVersionsAsync())["airgap"]);
    }

    [Fact]
    public async Task Export_failures_exit_non_zero_with_the_reason()
    {
        await using var gitHub = await FakeGitHub.StartAsync();
        gitHub.Failure = GitHubFailure.RateLimited403;
        using var dir = new TempDir();
        var error = new StringWriter();
        var code = await SnapshotExportCommand.RunAsync(
            ["--owner", "k3s-io", "--repo", "k3s", "--api", gitHub.Url.ToString(), "--out", dir.Combine("x.json")], new StringWriter(), error);
        Assert.Equal(1, code);
        Assert.Contains("rate limit", error.ToString());
        Assert.False(File.Exists(dir.Combine("x.json")));

        Assert.Equal(2, await SnapshotExportCommand.RunAsync(["--owner", "k3s-io"], new StringWriter(), new StringWriter()));
    }

    [Fact]
    public async Task A_new_snapshot_file_applies_within_seconds()
    {
        using var dir = new TempDir();
        var snapshot = dir.File("releases.json", """[{"tag_name": "v1.31.1+k3s1", "prerelease": false, "draft": false, "published_at": null}]""");
        await using var server = await TestChannelServer.StartAsync(["--url", RepoFiles.K3sChannels, "--releases-file", snapshot]);
        Assert.Equal("v1.31.1+k3s1", (await server.ChannelVersionsAsync())["v1.31"]);

        await File.WriteAllTextAsync(snapshot, """[{"tag_name": "v1.31.2+k3s1", "prerelease": false, "draft": false, "published_at": null}]""");
        await Eventually.UntilAsync(async () => (await server.ChannelVersionsAsync())["v1.31"] == "v1.31.2+k3s1",
            "the new snapshot is served", TimeSpan.FromSeconds(10));
    }
}
