using System.Net;
using ChannelServer.Tests.Infrastructure;

namespace ChannelServer.Tests;

/// <summary>What the config document may look like and how the filters apply, observed through the API.</summary>
public sealed class ConfigurationTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string Snapshot = """
        [{"tag_name": "v1.30.2+k3s1", "prerelease": false, "draft": false, "published_at": "2024-06-01T00:00:00Z"},
         {"tag_name": "v1.29.6+k3s1", "prerelease": false, "draft": true, "published_at": null},
         {"tag_name": "", "prerelease": false, "draft": false, "published_at": null}]
        """;

    private Task<TestChannelServer> StartAsync(string config, params string[] extra) =>
        TestChannelServer.StartAsync(["--url", _dir.File("channels.yaml", config), "--releases-file", _dir.File("releases.json", Snapshot), .. extra]);

    [Fact]
    public async Task Anchors_merge_keys_case_insensitive_keys_and_unknown_keys_work()
    {
        const string config = """
            defaults: &minor
              ExcludeRegexp: ^[^+]+-
              somethingNew: ignored
            Channels:
            - <<: *minor
              NAME: v1.29
              latestRegexp: v1\.29\..*
            - <<: *minor
              name: v1.30
              LATESTREGEXP: v1\.30\..*
            GitHub: {Owner: k3s-io, REPO: k3s}
            RedirectBase: https://mirror.example.com/k3s/releases/
            releases:
            - &rel
              version: v1.29.6+k3s1
              featureVersions: {b: "2", a: "1"}
              serverArgs:
                cni:
                  type: string
                  default: canal
                  options: [canal, calico]
                  nullable: true
                tls-san: {type: array, default: [a, b]}
            - <<: *rel
              version: v1.30.2+k3s1
            """;
        await using var server = await StartAsync(config);
        Assert.True(server.Holder.Current is not null, string.Join("\n", server.Logs.Entries.Select(e => e.Message)));

        // Drafts are not skipped, as in the reference.
        Assert.Equal("https://mirror.example.com/k3s/releases/v1.29.6+k3s1", await server.GetLocationAsync("/v1-release/channels/v1.29"));
        Assert.Equal("https://mirror.example.com/k3s/releases/v1.30.2+k3s1", await server.GetLocationAsync("/v1-release/channels/v1.30"));
        var channels = await server.GetJsonAsync("/v1-release/channels");
        Assert.Equal("^[^+]+-", channels.GetProperty("data")[1].GetProperty("excludeRegexp").GetString());

        var releases = await server.Http.GetStringAsync("/v1-release/releases");
        Assert.Contains(
            "\"version\":\"v1.30.2+k3s1\",\"serverArgs\":{\"cni\":{\"type\":\"string\",\"default\":\"canal\",\"nullable\":true,\"options\":[\"canal\",\"calico\"]},"
            + "\"tls-san\":{\"type\":\"array\",\"default\":[\"a\",\"b\"]}},\"featureVersions\":{\"a\":\"1\",\"b\":\"2\"}}",
            releases);
    }

    [Fact]
    public async Task A_json_document_is_valid_config()
    {
        const string config = """
            {"channels": [{"name": "stable", "latest": "v1.30.2+k3s1"}, {"name": "latest", "latestRegexp": ".*"}],
             "github": {"owner": "k3s-io", "repo": "k3s"}, "redirectBase": "https://github.com/k3s-io/k3s/releases/tag/"}
            """;
        await using var server = await StartAsync(config);
        Assert.Equal("https://github.com/k3s-io/k3s/releases/tag/v1.30.2+k3s1", await server.GetLocationAsync("/v1-release/channels/latest"));
    }

    [Fact]
    public async Task Several_config_keys_are_served_at_once_under_their_prefixes()
    {
        const string config = """
            k3s:
              channels: [{name: stable, latest: v1.30.2+k3s1}]
              redirectBase: https://github.com/k3s-io/k3s/releases/tag/
            rke2:
              channels: [{name: stable, latest: v1.30.2+rke2r1}]
              redirectBase: https://github.com/rancher/rke2/releases/tag/
            """;
        await using var server = await StartAsync(config, "--config-key", "k3s", "--path-prefix", "k3s-release", "--config-key", "rke2", "--path-prefix", "/rke2-release/");

        Assert.Equal("https://github.com/k3s-io/k3s/releases/tag/v1.30.2+k3s1", await server.GetLocationAsync("/k3s-release/channels/stable"));
        Assert.Equal("https://github.com/rancher/rke2/releases/tag/v1.30.2+rke2r1", await server.GetLocationAsync("/rke2-release/channels/stable"));
        var roots = await server.GetJsonAsync("/");
        Assert.Equal(["k3s-release", "rke2-release"], roots.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        using var old = await server.Http.GetAsync("/v1-release/channels/stable");
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }

    private const string Releases = """
        channels: []
        releases:
        - version: v1.21.4+k3s1
          minChannelServerVersion: v2.6.0-alpha1
          maxChannelServerVersion: v2.6.4
        - version: v1.22.1+k3s1
          minChannelServerVersion: v2.6.3
          maxChannelServerVersion: v2.7.99
        - version: v1.23.1+k3s1
          minChannelServerVersion: not-a-version
          maxChannelServerVersion: v2.9.0
        - version: v1.24.1+k3s1
        appDefaults:
        - appName: rancher
          defaults: [{appVersion: '>= 2.6.0-0', defaultVersion: 1.22.x}]
        - appName: other
          defaults: [{appVersion: '>= 1.0.0', defaultVersion: 1.21.x}]
        - appName: rancher
          defaults: [{appVersion: '>= 3.0.0', defaultVersion: 1.30.x}]
        """;

    private static async Task<string[]> Ids(TestChannelServer server, string type) =>
        (await server.GetJsonAsync($"/v1-release/{type}")).GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToArray();

    [Fact]
    public async Task Without_filters_every_release_and_app_default_is_served()
    {
        await using var server = await StartAsync(Releases);
        Assert.Equal(["v1.21.4+k3s1", "v1.22.1+k3s1", "v1.23.1+k3s1", "v1.24.1+k3s1"], await Ids(server, "releases"));
        Assert.Equal(["rancher", "other", "rancher"], await Ids(server, "appdefaults"));
    }

    [Theory]
    [InlineData("v2.6.3", new[] { "v1.21.4+k3s1", "v1.22.1+k3s1" })]
    [InlineData("v2.6.0-alpha1", new[] { "v1.21.4+k3s1" })]
    [InlineData("v2.7.0", new[] { "v1.22.1+k3s1" })]
    [InlineData("v3.0.0", new string[0])]
    public async Task Channel_server_version_keeps_releases_whose_bounds_parse_and_include_it(string version, string[] expected)
    {
        await using var server = await StartAsync(Releases, "--channel-server-version", version);
        Assert.Equal(expected, await Ids(server, "releases"));
        if (expected.Length == 0)
        {
            Assert.Contains("\"data\":[]", await server.Http.GetStringAsync("/v1-release/releases"));
        }
    }

    [Fact]
    public async Task App_name_keeps_only_the_first_entry_of_that_app()
    {
        await using var server = await StartAsync(Releases, "--app-name", "rancher");
        var data = (await server.GetJsonAsync("/v1-release/appdefaults")).GetProperty("data");
        var entry = Assert.Single(data.EnumerateArray());
        Assert.Equal("1.22.x", entry.GetProperty("defaults")[0].GetProperty("defaultVersion").GetString());
    }

    [Fact]
    public async Task The_rke2_config_of_the_repo_loads()
    {
        await using var server = await TestChannelServer.StartAsync(["--url", RepoFiles.Rke2Channels, "--releases-file", _dir.File("rke2.json", """
            [{"tag_name": "v1.35.2+rke2r2", "prerelease": false, "draft": false, "published_at": null},
             {"tag_name": "v1.35.2+rke2r1", "prerelease": false, "draft": false, "published_at": null}]
            """)]);
        Assert.Equal("https://github.com/rancher/rke2/releases/tag/v1.35.7+rke2r1", await server.GetLocationAsync("/v1-release/channels/stable"));
        Assert.Equal("https://github.com/rancher/rke2/releases/tag/v1.35.2+rke2r2", await server.GetLocationAsync("/v1-release/channels/v1.35"));
    }

    [Fact]
    public async Task The_token_is_sent_to_github_and_never_logged()
    {
        await using var gitHub = await FakeGitHub.StartAsync();
        gitHub.SetReleases("k3s-io", "k3s", ("v1.30.2+k3s1", false));
        var config = _dir.File("gh.yaml", $"""
            channels: [{"{"}name: latest, latestRegexp: .*{"}"}]
            github: {"{"}owner: k3s-io, repo: k3s, api: "{gitHub.Url}"{"}"}
            """);
        const string token = "ghp_secret0123456789";
        await using var server = await TestChannelServer.StartAsync(["--url", config], environment: new Dictionary<string, string> { ["GITHUB_TOKEN"] = token });
        Assert.Equal("v1.30.2+k3s1", await server.GetLocationAsync("/v1-release/channels/latest"));
        Assert.Contains(gitHub.Authorizations, a => a.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(server.Logs.Entries, e => e.Message.Contains(token, StringComparison.Ordinal));
        Assert.Contains(server.Logs.Entries, e => e.Message.Contains("githubToken=set", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_mirror_example_serves_k3s_and_rke2_side_by_side()
    {
        var example = Path.Combine(RepoFiles.Root, "config", "examples", "channels-mirror.yaml");
        await using var server = await TestChannelServer.StartAsync([
            "--url", example, "--releases-file", RepoFiles.K3sReleases,
            "--config-key", "k3s", "--path-prefix", "v1-release", "--config-key", "rke2", "--path-prefix", "rke2-release",
        ]);
        Assert.Equal("https://mirror.example.internal/k3s/releases/tag/v1.31.4+k3s1", await server.GetLocationAsync("/v1-release/channels/stable"));
        Assert.Equal("https://mirror.example.internal/k3s/releases/tag/v1.35.0+k3s1", await server.GetLocationAsync("/v1-release/channels/latest"));
        Assert.Equal("https://mirror.example.internal/k3s/releases/tag/v1.31.14+k3s1", await server.GetLocationAsync("/v1-release/channels/v1.31"));
        Assert.Equal("https://mirror.example.internal/rke2/releases/tag/v1.31.4+rke2r1", await server.GetLocationAsync("/rke2-release/channels/stable"));
        var channels = await server.GetJsonAsync("/v1-release/channels");
        Assert.Equal("^[^+]+-", channels.GetProperty("data")[1].GetProperty("excludeRegexp").GetString());
    }
}
