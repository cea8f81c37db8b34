using ChannelServer.Configuration;
using ChannelServer.Releases;
using ChannelServer.Resolution;

namespace ChannelServer.Tests;

/// <summary>The pure rules that protect operators: soak time, required assets, no silent backwards moves.</summary>
public sealed class ProtectiveRuleTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2025-06-10T00:00:00Z");

    private static ChannelRule Rule(string latestRegexp, string? excludeRegexp = null, TimeSpan? minAge = null, string[]? assets = null, bool allowDowngrade = false) =>
        new("c", null, latestRegexp, excludeRegexp)
        {
            MinAge = minAge,
            RequireAssets = assets ?? [],
            AllowDowngrade = allowDowngrade,
        };

    private static GitHubRelease Release(string tag, int daysAgo, params string[] assets) =>
        new() { TagName = tag, PublishedAt = Now.AddDays(-daysAgo), Assets = assets.Select(a => new GitHubReleaseAsset { Name = a }).ToList() };

    [Fact]
    public void Soak_time_leaves_out_releases_younger_than_min_age_and_says_when_the_channel_moves()
    {
        var releases = new[] { Release("v1.3.0", 2), Release("v1.2.1", 5), Release("v1.2.0", 9) };
        var result = ChannelResolver.Evaluate(Rule(".*", minAge: TimeSpan.FromDays(7)), releases, Now, null);

        Assert.Equal("v1.2.0", result.Version);
        Assert.Equal(["v1.2.1", "v1.3.0"], result.Soaking.Select(s => s.Tag));
        Assert.Equal(Now.AddDays(2), result.MovesAt);
        Assert.Null(result.Held);
        // Exactly at the end of the soak the release is eligible.
        Assert.Equal("v1.2.1", ChannelResolver.Evaluate(Rule(".*", minAge: TimeSpan.FromDays(7)), releases, Now.AddDays(2), null).Version);
    }

    [Fact]
    public void Soak_time_combines_with_latest_and_exclude_regexp()
    {
        var releases = new[] { Release("v1.34.0+k3s1", 1), Release("v1.33.2+k3s1", 3), Release("v1.33.1+k3s2", 20), Release("v1.33.1+k3s1", 30) };
        var result = ChannelResolver.Evaluate(Rule(@"v1\.33\.", "k3s2", TimeSpan.FromDays(7)), releases, Now, null);

        Assert.Equal("v1.33.1+k3s1", result.Version);
        Assert.Equal(["v1.33.2+k3s1"], result.Soaking.Select(s => s.Tag));
    }

    [Fact]
    public void A_release_without_a_publication_date_never_ends_its_soak()
    {
        var releases = new[] { new GitHubRelease { TagName = "v2.0.0", PublishedAt = null }, Release("v1.0.0", 30) };
        var result = ChannelResolver.Evaluate(Rule(".*", minAge: TimeSpan.FromDays(7)), releases, Now, null);
        Assert.Equal("v1.0.0", result.Version);
        Assert.Empty(result.Soaking);
    }

    [Fact]
    public void Required_assets_take_names_and_globs_and_a_release_lacking_one_is_not_eligible()
    {
        var releases = new[]
        {
            Release("v1.3.0", 1, "k3s", "sha256sum-amd64.txt"),
            Release("v1.2.0", 2, "k3s", "sha256sum-amd64.txt", "k3s-airgap-images-amd64.tar.zst"),
        };
        var rule = Rule(".*", assets: ["k3s", "sha256sum-amd64.txt", "k3s-airgap-images-*.tar.zst"]);
        var result = ChannelResolver.Evaluate(rule, releases, Now, null);

        Assert.Equal("v1.2.0", result.Version);
        var incomplete = Assert.Single(result.Incomplete);
        Assert.Equal("v1.3.0", incomplete.Tag);
        Assert.Equal(["k3s-airgap-images-*.tar.zst"], incomplete.Missing);
        // Case matters, as in GitHub's names.
        Assert.Null(ChannelResolver.Evaluate(Rule(".*", assets: ["K3S"]), releases, Now, null).Version);
    }

    [Fact]
    public void Unknown_assets_from_an_old_snapshot_are_not_taken_as_present()
    {
        var releases = new[] { new GitHubRelease { TagName = "v1.0.0", PublishedAt = Now.AddDays(-30) } };
        var result = ChannelResolver.Evaluate(Rule(".*", assets: ["k3s"]), releases, Now, null);
        Assert.Null(result.Version);
        Assert.Null(Assert.Single(result.Incomplete).Missing);
        Assert.Equal("v1.0.0", ChannelResolver.Evaluate(Rule(".*"), releases, Now, null).Version);
    }

    [Fact]
    public void Required_assets_and_soak_time_together_with_exclude()
    {
        var releases = new[]
        {
            Release("v1.4.0", 1, "k3s"),
            Release("v1.3.0-rc1", 20, "k3s"),
            Release("v1.2.0", 20),
            Release("v1.1.0", 30, "k3s"),
        };
        var result = ChannelResolver.Evaluate(Rule(".*", "-rc", TimeSpan.FromDays(7), ["k3s"]), releases, Now, null);
        Assert.Equal("v1.1.0", result.Version);
        Assert.Equal("v1.2.0", Assert.Single(result.Incomplete).Tag);
        Assert.Equal("v1.4.0", Assert.Single(result.Soaking).Tag);
    }

    [Fact]
    public void A_regexp_channel_does_not_move_backwards_silently()
    {
        var releases = new[] { Release("v1.2.0", 30) };
        var result = ChannelResolver.Evaluate(Rule(".*"), releases, Now, previous: "v1.3.0");
        Assert.Equal("v1.3.0", result.Version);
        Assert.Contains("stays at v1.3.0", result.Held);
        Assert.Contains("v1.2.0", result.Held);

        var none = ChannelResolver.Evaluate(Rule(".*"), [], Now, previous: "v1.3.0");
        Assert.Equal("v1.3.0", none.Version);
        Assert.Contains("no release matches", none.Held);

        // Forwards is always fine.
        Assert.Null(ChannelResolver.Evaluate(Rule(".*"), [Release("v1.4.0", 30)], Now, previous: "v1.3.0").Held);
    }

    [Fact]
    public void Allow_downgrade_lets_a_regexp_channel_move_back_and_a_pinned_channel_always_may()
    {
        var releases = new[] { Release("v1.2.0", 30) };
        var allowed = ChannelResolver.Evaluate(Rule(".*", allowDowngrade: true), releases, Now, previous: "v1.3.0");
        Assert.Equal("v1.2.0", allowed.Version);
        Assert.Null(allowed.Held);

        var pinned = new ChannelRule("p", "v1.0.0", null, null);
        Assert.Equal("v1.0.0", ChannelResolver.Evaluate(pinned, releases, Now, previous: "v1.3.0").Version);
    }

    [Theory]
    [InlineData("7d", 7 * 24 * 60)]
    [InlineData("1d12h", 36 * 60)]
    [InlineData("1.5d", 36 * 60)]
    [InlineData("90m", 90)]
    [InlineData("0", 0)]
    [InlineData("0d", 0)]
    public void Min_age_is_a_go_duration_with_days(string text, int minutes)
    {
        Assert.True(SoakDuration.TryParse(text, out var value, out var error), error);
        Assert.Equal(TimeSpan.FromMinutes(minutes), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("-1d")]
    [InlineData("1d-2h")]
    [InlineData("1w")]
    [InlineData("d")]
    public void Bad_min_age_is_refused(string text)
    {
        Assert.False(SoakDuration.TryParse(text, out _, out var error));
        Assert.Contains(text, error);
    }

    [Fact]
    public void The_config_reads_min_age_assets_and_allow_downgrade_and_adds_the_config_wide_assets_to_each_rule()
    {
        var config = ChannelConfigParser.Parse("""
            requireAssets: [k3s]
            channels:
            - name: stable
              latestRegexp: .*
              minAge: 7d
              requireAssets: [sha256sum-amd64.txt, k3s]
              allowDowngrade: true
            - name: plain
              latestRegexp: .*
            """);
        var stable = config.Channels[0];
        Assert.Equal(TimeSpan.FromDays(7), stable.MinAge);
        Assert.Equal(["k3s", "sha256sum-amd64.txt"], stable.RequireAssets);
        Assert.True(stable.AllowDowngrade);
        Assert.Equal(["k3s"], config.Channels[1].RequireAssets);
        Assert.Null(config.Channels[1].MinAge);
        Assert.False(config.Channels[1].AllowDowngrade);
    }

    [Theory]
    [InlineData("minAge: 7x", "minAge")]
    [InlineData("allowDowngrade: maybe", "allowDowngrade")]
    [InlineData("requireAssets: ['']", "requireAssets")]
    public void Bad_protective_settings_refuse_the_config(string line, string named)
    {
        var e = Assert.Throws<ConfigurationException>(() => ChannelConfigParser.Parse($"""
            channels:
            - name: stable
              latestRegexp: .*
              {line}
            """));
        Assert.Contains(named, e.Message);
        Assert.Contains("stable", e.Message);
    }

    [Fact]
    public void Snapshots_keep_asset_names_and_old_snapshots_without_them_still_load()
    {
        var old = ReleaseSnapshot.Parse("""[{"tag_name":"v1.0.0","draft":false,"prerelease":false,"published_at":"2024-01-01T00:00:00Z"}]""");
        Assert.Null(Assert.Single(old).Assets);

        var withAssets = ReleaseSnapshot.Parse("""[{"tag_name":"v1.0.0","prerelease":false,"assets":[{"name":"k3s","size":1,"url":"x"}]}]""");
        Assert.Equal("k3s", Assert.Single(Assert.Single(withAssets).Assets!).Name);
    }

    [Fact]
    public void The_refresh_loop_wakes_when_a_soak_ends_and_never_spins_on_a_move_already_due()
    {
        var options = new ServerOptions { Urls = ["c.yaml"], Prefixes = [new PrefixBinding("", "v1-release")] };
        Assert.Equal(options.RefreshInterval, ChannelServer.Serving.RefreshTiming.Delay(options, Now, false, null));
        Assert.Equal(TimeSpan.FromMinutes(3), ChannelServer.Serving.RefreshTiming.Delay(options, Now, false, Now.AddMinutes(3)));
        Assert.Equal(options.RefreshInterval, ChannelServer.Serving.RefreshTiming.Delay(options, Now, false, Now.AddDays(3)));
        Assert.Equal(ChannelServer.Serving.RefreshTiming.RetryWhileEmpty, ChannelServer.Serving.RefreshTiming.Delay(options, Now, false, Now.AddSeconds(-1)));
    }
}
