using ChannelServer.Configuration;
using ChannelServer.Releases;
using ChannelServer.Resolution;

namespace ChannelServer.Tests;

/// <summary>The pure rules: channel resolution and redirect joining.</summary>
public sealed class ResolutionRuleTests
{
    private static ChannelRule Rule(string? latestRegexp, string? excludeRegexp = null, string? latest = null) =>
        new("c", latest, latestRegexp, excludeRegexp);

    private static List<GitHubRelease> Releases(params string[] tags) =>
        tags.Select(t => new GitHubRelease { TagName = t.TrimEnd('!'), Prerelease = t.EndsWith('!') }).ToList();

    [Fact]
    public void Pinned_latest_wins_without_looking_at_releases() =>
        Assert.Equal("v9.9.9", ChannelResolver.Resolve(Rule(".*", latest: "v9.9.9"), Releases("v1.0.0")));

    [Fact]
    public void Empty_regexp_means_no_version() =>
        Assert.Null(ChannelResolver.Resolve(Rule(null), Releases("v1.0.0")));

    [Fact]
    public void The_prerelease_flag_decides_not_the_tag_text() =>
        Assert.Equal("v1.2.0-rc1", ChannelResolver.Resolve(Rule(".*"), Releases("v1.3.0!", "v1.2.0-rc1", "v1.1.0")));

    [Fact]
    public void Regexp_is_an_unanchored_search_and_exclude_matches_anywhere()
    {
        Assert.Equal("v1.16.3+k3s1", ChannelResolver.Resolve(Rule(@"16\."), Releases("v1.17.0+k3s1", "v1.16.3+k3s1")));
        Assert.Equal("v1.16.2+k3s1", ChannelResolver.Resolve(Rule(@"16\.", "k3s2"), Releases("v1.16.3+k3s2", "v1.16.2+k3s1")));
    }

    [Fact]
    public void Precedence_is_semver_with_numeric_and_ascii_prerelease_identifiers()
    {
        Assert.Equal("v1.10.0", ChannelResolver.Resolve(Rule(".*"), Releases("v1.9.0", "v1.10.0", "v1.2.0")));
        Assert.Equal("v1.0.0", ChannelResolver.Resolve(Rule(".*"), Releases("v1.0.0-rc2", "v1.0.0", "v1.0.0-rc10")));
        Assert.Equal("v1.0.0-rc2", ChannelResolver.Resolve(Rule(".*"), Releases("v1.0.0-rc10", "v1.0.0-rc2")));
        Assert.Equal("v1.0.0-rc.10", ChannelResolver.Resolve(Rule(".*"), Releases("v1.0.0-rc.2", "v1.0.0-rc.10")));
        Assert.Equal("v1.0.0-alpha.1", ChannelResolver.Resolve(Rule(".*"), Releases("v1.0.0-alpha", "v1.0.0-alpha.1")));
    }

    [Fact]
    public void Ties_go_to_the_higher_build_number_then_to_the_release_listed_first()
    {
        Assert.Equal("v1.25.16+k3s4", ChannelResolver.Resolve(Rule(".*"), Releases("v1.25.16+k3s3", "v1.25.16+k3s4")));
        Assert.Equal("v1.30.1+rke2r2", ChannelResolver.Resolve(Rule(".*"), Releases("v1.30.1+rke2r1", "v1.30.1+rke2r2")));
        Assert.Equal("v1.2.3+b", ChannelResolver.Resolve(Rule(".*"), Releases("v1.2.3+b", "v1.2.3+a")));
        Assert.Equal("1.2.3", ChannelResolver.Resolve(Rule(".*"), Releases("1.2.3", "v1.2.3")));
    }

    [Fact]
    public void Tolerant_parsing_and_unparsable_tags_are_skipped_and_reported()
    {
        var skipped = new List<string>();
        var version = ChannelResolver.Resolve(Rule(".*"), Releases("garbage", "", "v1.2", "v01.02.03", "v1.2-rc1"), skipped.Add);
        Assert.Equal("v01.02.03", version); // 1.2.3 above 1.2 (= 1.2.0)
        Assert.Equal(["garbage", "v1.2-rc1"], skipped);
        Assert.Equal("v01.02.03", ChannelResolver.Resolve(Rule("03"), Releases("v01.02.03", "v1.2")));
    }

    [Fact]
    public void Nothing_matching_means_no_version() =>
        Assert.Null(ChannelResolver.Resolve(Rule("v2\\."), Releases("v1.0.0", "v2.0.0!")));

    [Theory]
    [InlineData("(a)\\1")]
    [InlineData("(?<=v)1")]
    [InlineData("v(?!1)")]
    [InlineData("[unclosed")]
    public void Patterns_re2_refuses_are_configuration_errors(string pattern) =>
        Assert.Throws<ConfigurationException>(() => ChannelConfigParser.Compile("c", "latestRegexp", pattern));

    [Fact]
    public void Re2_named_groups_compile() =>
        Assert.Equal("v1.2.3", ChannelResolver.Resolve(Rule(@"v(?P<major>1)\."), Releases("v1.2.3", "v2.0.0")));

    [Fact]
    public void A_hostile_pattern_runs_in_linear_time()
    {
        var rule = Rule("(a+)+$");
        var tag = new string('a', 5000) + "!";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Null(ChannelResolver.Resolve(rule, [new GitHubRelease { TagName = tag }]));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData("https://github.com/k3s-io/k3s/releases/tag/", "v1.33.6+k3s1", "https://github.com/k3s-io/k3s/releases/tag/v1.33.6+k3s1")]
    [InlineData("https://github.com/k3s-io/k3s/releases/tag", "v1.33.6+k3s1", "https://github.com/k3s-io/k3s/releases/v1.33.6+k3s1")]
    [InlineData("https://mirror.example.com", "v1.0.0", "https://mirror.example.com/v1.0.0")]
    [InlineData("https://mirror.example.com/a/b?x=1", "v1.0.0", "https://mirror.example.com/a/v1.0.0")]
    [InlineData("/releases/", "v1.0.0", "/releases/v1.0.0")]
    [InlineData("", "v1.0.0+k3s1", "v1.0.0+k3s1")]
    public void Redirect_base_is_joined_by_reference_resolution(string redirectBase, string version, string expected) =>
        Assert.Equal(expected, RedirectLocation.Resolve(redirectBase, version));

    [Fact]
    public void Redirect_body_escapes_like_go() =>
        Assert.Equal("<a href=\"/x?a=1&amp;b=&#39;&lt;&gt;&#34;\">Found</a>.\n\n",
            System.Text.Encoding.UTF8.GetString(RedirectLocation.FoundBody("/x?a=1&b='<>\"")));

    [Theory]
    [InlineData(null, "https://api.github.com/")]
    [InlineData("https://github.com", "https://api.github.com/")]
    [InlineData("https://ghe.example.com", "https://ghe.example.com/api/v3/")]
    [InlineData("https://ghe.example.com/", "https://ghe.example.com/api/v3/")]
    [InlineData("http://127.0.0.1:8080/api/v3", "http://127.0.0.1:8080/api/v3/")]
    public void Github_api_base_follows_octokit_enterprise_rules(string? api, string expected) =>
        Assert.Equal(expected, GitHubReleaseClient.ApiBase(api).ToString());
}
