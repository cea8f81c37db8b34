using System.Text.Json;
using ChannelServer.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using TestSupport;

namespace ChannelServer.Tests;

/// <summary>Soak time, required assets and held backwards moves through HTTP, against the fake GitHub and a fake clock.</summary>
public sealed class ProtectiveChannelTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2025-06-10T00:00:00Z");
    private FakeGitHub _gitHub = null!;
    private TempDir _dir = null!;

    public async Task InitializeAsync()
    {
        _gitHub = await FakeGitHub.StartAsync();
        _dir = new TempDir();
    }

    public async Task DisposeAsync()
    {
        await _gitHub.DisposeAsync();
        _dir.Dispose();
    }

    private void SetReleases(params (string Tag, DateTimeOffset Published, string[] Assets)[] releases) =>
        _gitHub.SetReleases("k3s-io", "k3s", JsonSerializer.Serialize(releases.Select((r, i) => new Dictionary<string, object>
        {
            ["id"] = 1000 - i,
            ["tag_name"] = r.Tag,
            ["draft"] = false,
            ["prerelease"] = false,
            ["published_at"] = r.Published.ToString("O"),
            ["assets"] = r.Assets.Select((a, j) => new Dictionary<string, object> { ["id"] = j + 1, ["name"] = a, ["size"] = 10 }).ToArray(),
        })));

    private Task<TestChannelServer> StartAsync(FakeTimeProvider time, string channels, params string[] extra) =>
        TestChannelServer.StartAsync(["--url", _dir.File("channels.yaml", $"""
            channels:
            {channels}
            github: {"{"}owner: k3s-io, repo: k3s, api: {_gitHub.Url}{"}"}
            redirectBase: https://github.com/k3s-io/k3s/releases/tag/
            """), "--refresh-interval", "1h", .. extra], time);

    private static JsonElement Channel(JsonElement collection, string name) =>
        collection.GetProperty("data").EnumerateArray().Single(c => c.GetProperty("id").GetString() == name);

    [Fact]
    public async Task A_soaking_channel_says_what_it_waits_for_and_moves_when_the_soak_ends_without_a_new_release()
    {
        SetReleases(("v1.2.0+k3s1", Start.AddDays(-1), []), ("v1.1.0+k3s1", Start.AddDays(-30), []));
        var time = new FakeTimeProvider(Start);
        await using var server = await StartAsync(time, """
            - name: stable
              latestRegexp: .*
              minAge: 7d
            - name: latest
              latestRegexp: .*
            """);

        var stable = Channel(await server.GetJsonAsync("/v1-release/channels"), "stable");
        Assert.Equal("v1.1.0+k3s1", stable.GetProperty("latest").GetString());
        var soaking = Assert.Single(stable.GetProperty("soaking").EnumerateArray());
        Assert.Equal("v1.2.0+k3s1", soaking.GetProperty("version").GetString());
        Assert.Equal("2025-06-16T00:00:00Z", soaking.GetProperty("eligibleAt").GetString());
        Assert.Equal("2025-06-16T00:00:00Z", stable.GetProperty("movesAt").GetString());
        Assert.Equal("https://github.com/k3s-io/k3s/releases/tag/v1.1.0+k3s1", await server.GetLocationAsync("/v1-release/channels/stable"));
        Assert.Equal("https://github.com/k3s-io/k3s/releases/tag/v1.2.0+k3s1", await server.GetLocationAsync("/v1-release/channels/latest"));

        // The next refresh comes at the soak's end, not a whole interval later: advance exactly to it.
        var listed = _gitHub.ListRequests;
        time.Advance(TimeSpan.FromDays(6) - TimeSpan.FromSeconds(1));
        await Eventually.UntilAsync(() => server.Holder.Current!.BuiltAt >= Start.AddDays(6) - TimeSpan.FromHours(1), "the hourly refreshes caught up");
        Assert.Equal("v1.1.0+k3s1", (await server.ChannelVersionsAsync())["stable"]);
        // Second by second (the loop may be between refreshes when the clock moves): it moves within seconds, not an hour.
        await Eventually.UntilAsync(async () =>
        {
            if ((await server.ChannelVersionsAsync())["stable"] == "v1.2.0+k3s1")
            {
                return true;
            }

            time.Advance(TimeSpan.FromSeconds(1));
            return false;
        }, "stable moved when the soak ended");
        Assert.True(server.Holder.Current!.BuiltAt < Start.AddDays(6) + TimeSpan.FromMinutes(1), server.Holder.Current.BuiltAt.ToString("O"));
        Assert.True(_gitHub.ListRequests > listed);

        var moved = Channel(await server.GetJsonAsync("/v1-release/channels"), "stable");
        Assert.False(moved.TryGetProperty("soaking", out _));
        Assert.False(moved.TryGetProperty("movesAt", out _));
    }

    [Fact]
    public async Task Required_assets_are_read_from_github_and_kept_in_the_state_dir()
    {
        SetReleases(
            ("v1.3.0+k3s1", Start.AddDays(-2), ["k3s", "sha256sum-amd64.txt"]),
            ("v1.2.0+k3s1", Start.AddDays(-9), ["k3s", "sha256sum-amd64.txt", "k3s-airgap-images-amd64.tar.zst"]));
        var state = _dir.Combine("state");
        var time = new FakeTimeProvider(Start);
        await using var server = await StartAsync(time, """
            - name: stable
              latestRegexp: .*
              requireAssets: [k3s, sha256sum-amd64.txt, "k3s-airgap-images-*.tar.zst"]
            """, "--state-dir", state);

        var stable = Channel(await server.GetJsonAsync("/v1-release/channels"), "stable");
        Assert.Equal("v1.2.0+k3s1", stable.GetProperty("latest").GetString());
        var missing = Assert.Single(stable.GetProperty("missingAssets").EnumerateArray());
        Assert.Equal("v1.3.0+k3s1", missing.GetProperty("version").GetString());
        Assert.Equal("k3s-airgap-images-*.tar.zst", Assert.Single(missing.GetProperty("missing").EnumerateArray()).GetString());

        var saved = JsonDocument.Parse(await File.ReadAllTextAsync(Directory.GetFiles(state, "releases-*.json").Single())).RootElement;
        Assert.Equal(["k3s", "sha256sum-amd64.txt"], saved[0].GetProperty("assets").EnumerateArray().Select(a => a.GetProperty("name").GetString()));

        // The artifact appears: the next refresh promotes the release.
        SetReleases(
            ("v1.3.0+k3s1", Start.AddDays(-2), ["k3s", "sha256sum-amd64.txt", "k3s-airgap-images-amd64.tar.zst"]),
            ("v1.2.0+k3s1", Start.AddDays(-9), ["k3s", "sha256sum-amd64.txt", "k3s-airgap-images-amd64.tar.zst"]));
        await server.AdvanceToNextRefreshAsync(TimeSpan.FromHours(1));
        Assert.Equal("v1.3.0+k3s1", (await server.ChannelVersionsAsync())["stable"]);
    }

    [Fact]
    public async Task A_withdrawn_release_does_not_move_a_regexp_channel_back_unless_allowed()
    {
        SetReleases(("v1.3.0+k3s1", Start.AddDays(-2), []), ("v1.2.0+k3s1", Start.AddDays(-9), []));
        var time = new FakeTimeProvider(Start);
        await using var server = await StartAsync(time, """
            - name: held
              latestRegexp: .*
            - name: free
              latestRegexp: .*
              allowDowngrade: true
            """);
        Assert.Equal("v1.3.0+k3s1", (await server.ChannelVersionsAsync())["held"]);

        SetReleases(("v1.2.0+k3s1", Start.AddDays(-9), []));
        await server.AdvanceToNextRefreshAsync(TimeSpan.FromHours(1));

        var channels = await server.GetJsonAsync("/v1-release/channels");
        var held = Channel(channels, "held");
        Assert.Equal("v1.3.0+k3s1", held.GetProperty("latest").GetString());
        Assert.Contains("stays at v1.3.0+k3s1", held.GetProperty("held").GetString());
        Assert.Equal("https://github.com/k3s-io/k3s/releases/tag/v1.3.0+k3s1", await server.GetLocationAsync("/v1-release/channels/held"));
        Assert.Equal("v1.2.0+k3s1", Channel(channels, "free").GetProperty("latest").GetString());
    }
}
