using System.Text.Json;
using ChannelServer.Configuration;
using ChannelServer.History;
using ChannelServer.Resolution;
using ChannelServer.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using TestSupport;

namespace ChannelServer.Tests;

/// <summary>Every move of every channel with its reason, bounded, in the state dir and through HTTP.</summary>
public sealed class ChannelHistoryTests : IAsyncLifetime
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

    private static readonly ChannelRule Regexp = new("c", null, ".*", null);

    private static ResolvedChannel Resolved(string? version, ChannelRule? rule = null) =>
        new("c", version, ".*", null, version is null ? null : "https://x/" + version) { Rule = RuleFingerprint.Of(rule ?? Regexp) };

    [Fact]
    public void Moves_are_told_apart_by_their_reason()
    {
        var fingerprint = RuleFingerprint.Of(Regexp);
        Assert.Equal(MoveReasons.ConfigChange, ChannelMoveRule.Detect(null, Resolved("v1.0.0"), Start)!.Reason);
        Assert.Null(ChannelMoveRule.Detect(new ChannelMemory("v1.0.0", fingerprint, [], []), Resolved("v1.0.0"), Start));
        Assert.Equal(MoveReasons.NewRelease, ChannelMoveRule.Detect(new ChannelMemory("v1.0.0", fingerprint, [], []), Resolved("v1.1.0"), Start)!.Reason);
        Assert.Equal(MoveReasons.SoakEnded, ChannelMoveRule.Detect(new ChannelMemory("v1.0.0", fingerprint, ["v1.1.0"], []), Resolved("v1.1.0"), Start)!.Reason);
        Assert.Equal(MoveReasons.AssetsComplete, ChannelMoveRule.Detect(new ChannelMemory("v1.0.0", fingerprint, [], ["v1.1.0"]), Resolved("v1.1.0"), Start)!.Reason);
        Assert.Equal(MoveReasons.ReleaseWithdrawn, ChannelMoveRule.Detect(new ChannelMemory("v1.1.0", fingerprint, [], []), Resolved("v1.0.0"), Start)!.Reason);
        Assert.Equal(MoveReasons.ReleaseWithdrawn, ChannelMoveRule.Detect(new ChannelMemory("v1.1.0", fingerprint, [], []), Resolved(null), Start)!.Reason);
        var pinned = new ChannelRule("c", "v0.9.0", null, null);
        var back = ChannelMoveRule.Detect(new ChannelMemory("v1.1.0", fingerprint, [], []), Resolved("v0.9.0", pinned), Start)!;
        Assert.Equal((MoveReasons.ConfigChange, "v1.1.0", "v0.9.0"), (back.Reason, back.From, back.To));
    }

    [Fact]
    public void The_history_is_bounded_per_channel_and_in_channels_and_survives_a_new_store()
    {
        var store = new ChannelHistoryStore(_dir.Combine("state"));
        Assert.Null(store.LoadOnce());
        for (var i = 0; i < ChannelHistoryStore.MaxPerChannel + 20; i++)
        {
            Assert.Null(store.Record([("p", "c", new ChannelHistoryEntry(Start.AddMinutes(i), $"v1.0.{i}", $"v1.0.{i + 1}", MoveReasons.NewRelease, "r"))]));
        }

        Assert.Equal(ChannelHistoryStore.MaxPerChannel, store.Of("p", "c").Count);
        Assert.Equal($"v1.0.{ChannelHistoryStore.MaxPerChannel + 20}", store.Of("p", "c")[0].To);

        store.Record(Enumerable.Range(0, ChannelHistoryStore.MaxChannels + 5)
            .Select(i => ("q", $"ch{i}", new ChannelHistoryEntry(Start.AddDays(1).AddSeconds(i), null, "v1", MoveReasons.ConfigChange, "r"))).ToList());
        var reloaded = new ChannelHistoryStore(_dir.Combine("state"));
        Assert.Null(reloaded.LoadOnce());
        // The least recently moved channels went first: "p/c" and the first five of "q".
        Assert.Empty(reloaded.Of("p", "c"));
        Assert.Empty(reloaded.Of("q", "ch4"));
        Assert.Single(reloaded.Of("q", "ch5"));
        Assert.Equal(ChannelHistoryStore.MaxChannels, Enumerable.Range(0, ChannelHistoryStore.MaxChannels + 5).Count(i => reloaded.Last("q", $"ch{i}") is not null));
    }

    [Fact]
    public void A_broken_history_file_is_set_aside_and_history_starts_again()
    {
        var state = _dir.Combine("state");
        Directory.CreateDirectory(state);
        File.WriteAllText(Path.Combine(state, "history.json"), "{not json");
        var store = new ChannelHistoryStore(state);
        Assert.Contains("history.json", store.LoadOnce());
        Assert.True(File.Exists(Path.Combine(state, "history.json.broken")));
        Assert.Null(store.Record([("p", "c", new ChannelHistoryEntry(Start, null, "v1", MoveReasons.ConfigChange, "r"))]));
    }

    private void SetReleases(params (string Tag, DateTimeOffset Published)[] releases) =>
        _gitHub.SetReleases("k3s-io", "k3s", JsonSerializer.Serialize(releases.Select((r, i) => new Dictionary<string, object>
        {
            ["id"] = 1000 - i,
            ["tag_name"] = r.Tag,
            ["prerelease"] = false,
            ["published_at"] = r.Published.ToString("O"),
        })));

    private Task<TestChannelServer> StartAsync(FakeTimeProvider time) =>
        TestChannelServer.StartAsync(["--url", _dir.File("channels.yaml", $"""
            channels:
            - name: stable
              latestRegexp: .*
              minAge: 2d
            github: {"{"}owner: k3s-io, repo: k3s, api: {_gitHub.Url}{"}"}
            redirectBase: https://github.com/k3s-io/k3s/releases/tag/
            """), "--refresh-interval", "1h", "--state-dir", _dir.Combine("state")], time);

    private static List<(string? From, string? To, string Reason)> Moves(JsonElement history) =>
        history.GetProperty("data").EnumerateArray()
            .Select(m => (m.TryGetProperty("from", out var f) ? f.GetString() : null, m.GetProperty("to").GetString(), m.GetProperty("reason").GetString()!))
            .ToList();

    [Fact]
    public async Task Moves_are_served_newest_first_and_survive_a_restart_which_also_keeps_holding_a_backwards_move()
    {
        SetReleases(("v1.2.0+k3s1", Start.AddDays(-1)), ("v1.1.0+k3s1", Start.AddDays(-30)));
        var time = new FakeTimeProvider(Start);
        await using (var server = await StartAsync(time))
        {
            await Eventually.UntilAsync(async () =>
            {
                if ((await server.ChannelVersionsAsync())["stable"] == "v1.2.0+k3s1")
                {
                    return true;
                }

                time.Advance(TimeSpan.FromMinutes(10));
                return false;
            }, "stable moved when the soak ended");

            var history = await server.GetJsonAsync("/v1-release/channels/stable/history");
            Assert.Equal("channelMove", history.GetProperty("resourceType").GetString());
            Assert.Equal([("v1.1.0+k3s1", "v1.2.0+k3s1", "soak-ended"), (null, "v1.1.0+k3s1", "config-change")], Moves(history));
            Assert.Equal("2025-06-10T00:00:00Z", history.GetProperty("data")[1].GetProperty("time").GetString());

            using var html = new HttpRequestMessage(HttpMethod.Get, "/v1-release/channels");
            html.Headers.Accept.ParseAdd("text/html");
            var page = await (await server.Http.SendAsync(html)).Content.ReadAsStringAsync();
            Assert.Contains("data-reason=\"soak-ended\"", page);
        }

        // Withdrawn while the server was down: after the restart the channel stays where its history says it was.
        SetReleases(("v1.1.0+k3s1", Start.AddDays(-30)));
        await using var restarted = await StartAsync(new FakeTimeProvider(time.GetUtcNow()));
        Assert.Equal("v1.2.0+k3s1", (await restarted.ChannelVersionsAsync())["stable"]);
        Assert.Equal(2, Moves(await restarted.GetJsonAsync("/v1-release/channels/stable/history")).Count);
        using var missing = await restarted.Http.GetAsync("/v1-release/channels/nope/history");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }
}
