using System.Net;
using Contracts.Plans;
using Controller.Planning;
using k8s.Models;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

public class ValidationTests
{
    private static string? Validate(Action<PlanSpec> configure, params string[] secrets) =>
        PlanValidation.Validate(Plan(configure: configure).Spec, secrets.Contains);

    [Fact]
    public void Valid_plan_has_no_problem() => Assert.Null(Validate(_ => { }));

    [Fact]
    public void Drain_with_both_delete_options_is_refused() =>
        Assert.Equal("spec.drain cannot specify both deleteEmptydirData and deleteLocalData",
            Validate(s => s.Drain = new DrainSpec { DeleteEmptydirData = true, DeleteLocalData = true }));

    [Fact]
    public void Drain_pod_selector_must_be_selectable() =>
        Assert.Equal("spec.drain.podSelector is not selectable",
            Validate(s => s.Drain = new DrainSpec { PodSelector = new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "a", OperatorProperty = "Bogus" }] } }));

    [Theory]
    [InlineData("funday", "10:00", "11:00", "", "spec.window is invalid: invalid weekday: funday")]
    [InlineData("mon", "25:00", "11:00", "", "spec.window is invalid: invalid start time: 25:00")]
    [InlineData("mon", "10:00", "noon", "", "spec.window is invalid: invalid end time: noon")]
    [InlineData("mon", "10:00", "11:00", "Mars/Olympus", "spec.window is invalid: unknown time zone Mars/Olympus")]
    public void Window_that_does_not_parse_says_why(string day, string start, string end, string zone, string message) =>
        Assert.Equal(message, Validate(s => s.Window = new TimeWindowSpec { Days = [day], StartTime = start, EndTime = end, TimeZone = zone }));

    [Fact]
    public void Negative_post_complete_delay_is_refused() =>
        Assert.Equal("spec.postCompleteDelay is negative", Validate(s => s.PostCompleteDelay = "-30s"));

    [Fact]
    public void Missing_secret_is_named_unless_ignored()
    {
        Assert.Equal("spec.secrets: secret creds not found", Validate(s => s.Secrets = [new SecretSpec { Name = "creds" }]));
        Assert.Null(Validate(s => s.Secrets = [new SecretSpec { Name = "creds", IgnoreUpdates = true }]));
        Assert.Null(Validate(s => s.Secrets = [new SecretSpec { Name = "creds" }], "creds"));
    }
}

public class TimeWindowTests
{
    private static TimeWindow Parse(string[] days, string start, string end, string zone = "")
    {
        Assert.True(TimeWindow.TryParse(new TimeWindowSpec { Days = days, StartTime = start, EndTime = end, TimeZone = zone }, out var w, out var error), error);
        return w;
    }

    [Theory]
    [InlineData("15:04", 15, 4, 0)]
    [InlineData("15:04:05", 15, 4, 5)]
    [InlineData("03:04pm", 15, 4, 0)]
    [InlineData("03:04am", 3, 4, 0)]
    [InlineData("12:00am", 0, 0, 0)]
    [InlineData("15", 15, 0, 0)]
    [InlineData("3pm", 15, 0, 0)]
    public void Time_layouts_parse(string text, int h, int m, int s)
    {
        Assert.True(TimeWindow.TryParseTime(text, out var t));
        Assert.Equal(new TimeSpan(h, m, s), t);
    }

    [Theory]
    [InlineData("0", DayOfWeek.Sunday)]
    [InlineData("6", DayOfWeek.Saturday)]
    [InlineData("su", DayOfWeek.Sunday)]
    [InlineData("Mon", DayOfWeek.Monday)]
    [InlineData("TUESDAY", DayOfWeek.Tuesday)]
    [InlineData("th", DayOfWeek.Thursday)]
    public void Day_names_and_numbers_parse(string text, DayOfWeek day)
    {
        Assert.True(TimeWindow.TryParseDay(text, out var d));
        Assert.Equal(day, d);
    }

    [Fact]
    public void Same_day_window_is_inclusive_at_both_ends()
    {
        var w = Parse(["thursday"], "10:00", "12:00");
        Assert.True(w.Contains(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero)));
        Assert.True(w.Contains(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero)));
        Assert.False(w.Contains(new DateTimeOffset(2026, 11, 26, 12, 0, 1, TimeSpan.Zero)));
        Assert.False(w.Contains(new DateTimeOffset(2026, 11, 27, 11, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Overnight_window_in_a_zone_runs_past_midnight()
    {
        // Berlin is UTC+1 in November. Window Thu and Fri 22:00-02:00 Berlin time.
        var w = Parse(["thu", "fri"], "22:00", "02:00", "Europe/Berlin");
        Assert.True(w.Contains(new DateTimeOffset(2026, 11, 26, 21, 30, 0, TimeSpan.Zero)));  // Thu 22:30 Berlin
        Assert.True(w.Contains(new DateTimeOffset(2026, 11, 27, 0, 30, 0, TimeSpan.Zero)));   // Fri 01:30 Berlin
        Assert.False(w.Contains(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero)));   // Fri 03:00 Berlin
        Assert.False(w.Contains(new DateTimeOffset(2026, 11, 26, 20, 30, 0, TimeSpan.Zero))); // Thu 21:30 Berlin
        Assert.False(w.Contains(new DateTimeOffset(2026, 11, 28, 23, 30, 0, TimeSpan.Zero))); // Sun 00:30 Berlin, Sunday not listed
    }

    [Fact]
    public void Weekday_is_taken_in_the_zone()
    {
        var w = Parse(["fri"], "00:00", "23:59:59", "Asia/Tokyo");
        Assert.True(w.Contains(new DateTimeOffset(2026, 11, 26, 16, 0, 0, TimeSpan.Zero))); // Thu 16:00 UTC = Fri 01:00 Tokyo
    }
}

public class ChannelAnswerTests
{
    private static readonly Uri Channel = new("https://update.k3s.io/v1-release/channels/stable");
    private static readonly Uri Pinned = new("https://update.k3s.io/v1-release/channels/v1.31.2+k3s1");

    [Fact]
    public void Found_reads_the_last_segment_of_location() =>
        Assert.Equal("v1.31.2+k3s1", ChannelAnswer.FromResponse(Channel, HttpStatusCode.Found, "https://github.com/k3s-io/k3s/releases/tag/v1.31.2+k3s1").Version);

    [Fact]
    public void Relative_location_resolves_against_the_channel() =>
        Assert.Equal("v1.30.5+k3s1", ChannelAnswer.FromResponse(Channel, HttpStatusCode.Found, "/releases/tag/v1.30.5+k3s1").Version);

    [Theory]
    [InlineData(HttpStatusCode.OK)]
    [InlineData(HttpStatusCode.MovedPermanently)]
    [InlineData(HttpStatusCode.NoContent)]
    public void Other_success_codes_read_the_channel_url(HttpStatusCode code) =>
        Assert.Equal("v1.31.2+k3s1", ChannelAnswer.FromResponse(Pinned, code, "https://elsewhere/v9").Version);

    [Fact]
    public void A_channel_that_names_no_version_fails()
    {
        Assert.False(ChannelAnswer.FromResponse(Channel, HttpStatusCode.OK, null).Succeeded);
        Assert.False(ChannelAnswer.FromResponse(Channel, HttpStatusCode.Found, "/releases/tag/latest-and-greatest").Succeeded);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public void Error_codes_fail(HttpStatusCode code)
    {
        var answer = ChannelAnswer.FromResponse(Channel, code, null);
        Assert.False(answer.Succeeded);
        Assert.Contains(((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Error);
    }

    [Fact]
    public void Found_without_location_fails() => Assert.False(ChannelAnswer.FromResponse(Channel, HttpStatusCode.Found, null).Succeeded);
}

public class TargetVersionTests
{
    [Fact]
    public void Version_wins_and_is_munged()
    {
        var t = TargetVersion.Resolve(new PlanSpec { Version = "v1.24.6+k3s1", Channel = "http://x/stable" }, null, ChannelAnswer.Success("v9.9.9"));
        Assert.Equal(("v1.24.6-k3s1", true, "Version"), (t.LatestVersion, t.Resolved, t.Reason));
    }

    [Fact]
    public void Neither_version_nor_channel_says_so()
    {
        var t = TargetVersion.Resolve(new PlanSpec(), null, null);
        Assert.Equal((null, false, "Error", "cannot resolve plan: missing channel and version"), (t.LatestVersion, t.Resolved, t.Reason, t.Message));
    }

    [Fact]
    public void Channel_success_is_munged()
    {
        var t = TargetVersion.Resolve(new PlanSpec { Channel = "http://x/stable" }, "v1.0.0-k3s1", ChannelAnswer.Success("v1.31.2+k3s1"));
        Assert.Equal(("v1.31.2-k3s1", true, "Channel"), (t.LatestVersion, t.Resolved, t.Reason));
    }

    [Fact]
    public void Channel_failure_keeps_the_previous_version()
    {
        var t = TargetVersion.Resolve(new PlanSpec { Channel = "http://x/stable" }, "v1.30.1-k3s1", ChannelAnswer.Failure("channel answered 500"));
        Assert.Equal("v1.30.1-k3s1", t.LatestVersion);
        Assert.Equal("channel answered 500", t.FailureEvent);
    }

    [Fact]
    public void Channel_failure_says_since_when_the_version_is_kept()
    {
        var failure = ChannelAnswer.Failure("channel answered 500") with { LastGoodAt = new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero) };
        var t = TargetVersion.Resolve(new PlanSpec { Channel = "http://x/stable" }, "v1.30.1-k3s1", failure);
        Assert.Equal("cannot resolve plan: channel answered 500; keeping v1.30.1-k3s1 (last resolved 2026-11-26T09:30:00Z)", t.Message);
    }

    [Fact]
    public void Channel_failure_after_a_restart_says_since_when_it_fails()
    {
        // The version kept was resolved by an earlier process: only the start of the outage is known here.
        var failure = ChannelAnswer.Failure("channel answered 503") with { FailingSince = new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero) };
        var t = TargetVersion.Resolve(new PlanSpec { Channel = "http://x/stable" }, "v1.30.1-k3s1", failure);
        Assert.Equal(
            "cannot resolve plan: channel answered 503; keeping v1.30.1-k3s1 (no good answer since 2026-11-27T03:00:00Z; resolved earlier, before this controller started)",
            t.Message);
    }

    [Fact]
    public void Channel_failure_without_previous_version_resolves_nothing()
    {
        var t = TargetVersion.Resolve(new PlanSpec { Channel = "http://x/stable" }, null, ChannelAnswer.Failure("boom"));
        Assert.Null(t.LatestVersion);
        Assert.False(t.Resolved);
    }
}

public class HashTests
{
    [Fact]
    public void Hash_is_hex_sha224_of_the_inputs()
    {
        var plan = Plan();
        var hash = PlanHash.Compute(plan, "v1.31.2-k3s1", _ => null);
        Assert.Equal(56, hash.Length);
        Assert.Matches("^[0-9a-f]+$", hash);
        // SHA-224("v1.31.2-k3s1" + "system-upgrade"), the inputs concatenated as the reference writes them.
        var expected = new Org.BouncyCastle.Crypto.Digests.Sha224Digest();
        var bytes = System.Text.Encoding.UTF8.GetBytes("v1.31.2-k3s1system-upgrade");
        expected.BlockUpdate(bytes, 0, bytes.Length);
        var output = new byte[28];
        expected.DoFinal(output, 0);
        Assert.Equal(Convert.ToHexStringLower(output), hash);
    }

    [Fact]
    public void Known_sha224_vector() // FIPS 180-4 example "abc"
    {
        var d = new Org.BouncyCastle.Crypto.Digests.Sha224Digest();
        d.BlockUpdate("abc"u8.ToArray(), 0, 3);
        var o = new byte[28];
        d.DoFinal(o, 0);
        Assert.Equal("23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7", Convert.ToHexStringLower(o));
    }

    [Fact]
    public void Version_service_account_digest_paths_and_secrets_change_the_hash()
    {
        var baseline = PlanHash.Compute(Plan(), "v1", _ => null);
        Assert.NotEqual(baseline, PlanHash.Compute(Plan(), "v2", _ => null));
        Assert.NotEqual(baseline, PlanHash.Compute(Plan(configure: s => s.ServiceAccountName = "other"), "v1", _ => null));

        var withDigest = Plan(configure: s => s.Upgrade!.Envs = [new V1EnvVar { Name = "A", Value = "1" }]);
        withDigest.Metadata.Annotations = new Dictionary<string, string> { [UpgradeLabels.Digest] = "spec.upgrade.envs" };
        var changedEnv = Plan(configure: s => s.Upgrade!.Envs = [new V1EnvVar { Name = "A", Value = "2" }]);
        changedEnv.Metadata.Annotations = withDigest.Metadata.Annotations;
        Assert.NotEqual(PlanHash.Compute(withDigest, "v1", _ => null), PlanHash.Compute(changedEnv, "v1", _ => null));
        // Without the annotation, envs do not feed the hash.
        Assert.Equal(baseline, PlanHash.Compute(Plan(configure: s => s.Upgrade!.Envs = [new V1EnvVar { Name = "A", Value = "2" }]), "v1", _ => null));

        var secretPlan = Plan(configure: s => s.Secrets = [new SecretSpec { Name = "s" }]);
        var s1 = new V1Secret { Data = new Dictionary<string, byte[]> { ["k"] = [1] } };
        var s2 = new V1Secret { Data = new Dictionary<string, byte[]> { ["k"] = [2] } };
        Assert.NotEqual(PlanHash.Compute(secretPlan, "v1", _ => s1), PlanHash.Compute(secretPlan, "v1", _ => s2));
        var ignored = Plan(configure: s => s.Secrets = [new SecretSpec { Name = "s", IgnoreUpdates = true }]);
        Assert.Equal(PlanHash.Compute(ignored, "v1", _ => s1), PlanHash.Compute(ignored, "v1", _ => s2));
    }
}

public class ReferenceHashTests
{
    // kubectl's own vectors (k8s.io/kubectl/pkg/util/hash), the function the reference feeds into latestHash.
    [Theory]
    [InlineData(new string[0], "t75bgf6ctb")]
    [InlineData(new[] { "one=" }, "74bd68bm66")]
    [InlineData(new[] { "two=2", "one=", "three=3" }, "dgcb6h9tmk")]
    public void Secret_hash_is_kubectls(string[] entries, string expected)
    {
        var secret = new V1Secret
        {
            Type = "my-type",
            Data = entries.Select(e => e.Split('=')).ToDictionary(kv => kv[0], kv => System.Text.Encoding.UTF8.GetBytes(kv[1])),
        };
        Assert.Equal(expected, PlanHash.SecretHash(secret));
    }

    [Fact]
    public void Secret_hash_reads_name_type_data_and_immutable_only()
    {
        var secret = new V1Secret { Metadata = new V1ObjectMeta { Name = "s", ResourceVersion = "1" }, Type = "Opaque", Data = new Dictionary<string, byte[]> { ["k"] = [1] } };
        var baseline = PlanHash.SecretHash(secret);
        Assert.Matches("^[0-9b-df-z]{10}$", baseline);
        secret.Metadata.ResourceVersion = "2";
        Assert.Equal(baseline, PlanHash.SecretHash(secret));
        secret.Data["k"] = [2];
        Assert.NotEqual(baseline, PlanHash.SecretHash(secret));
        secret.Data["k"] = [1];
        secret.Immutable = false;
        Assert.NotEqual(baseline, PlanHash.SecretHash(secret));
        secret.Immutable = null;
        secret.Metadata.Name = "t";
        Assert.NotEqual(baseline, PlanHash.SecretHash(secret));
    }

    [Fact]
    public void Digest_paths_read_as_the_reference_prints_them()
    {
        var plan = Plan(configure: s =>
        {
            s.Upgrade!.Envs = [new V1EnvVar { Name = "A", Value = "1" }, new V1EnvVar { Name = "B", Value = "2" }];
            s.Upgrade.Args = [];
            s.Concurrency = 2;
            s.Cordon = true;
            s.NodeSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["z"] = "1", ["a"] = "2" } };
        });
        plan.Metadata.Annotations = new Dictionary<string, string>
        {
            [UpgradeLabels.Digest] = "spec.upgrade.image,spec.upgrade.envs,spec.upgrade.args,spec.concurrency,spec.cordon,spec.nodeSelector,spec.missing.path,spec.upgrade.envs.1.value,,",
        };
        Assert.Equal(
            ["rancher/k3s-upgrade", "map[name:A value:1]", "", "2", "true", "map[matchLabels:map[a:2 z:1]]", "", "2"],
            PlanHash.DigestValues(plan));
    }

    [Fact]
    public void Latest_hash_concatenates_version_account_digest_values_and_secret_hashes()
    {
        var plan = Plan(configure: s =>
        {
            s.Upgrade!.Envs = [new V1EnvVar { Name = "A", Value = "1" }];
            s.Secrets = [new SecretSpec { Name = "creds" }, new SecretSpec { Name = "skipped", IgnoreUpdates = true }];
        });
        plan.Metadata.Annotations = new Dictionary<string, string> { [UpgradeLabels.Digest] = "spec.upgrade.envs" };
        var creds = new V1Secret { Metadata = new V1ObjectMeta { Name = "creds" }, Type = "Opaque", Data = new Dictionary<string, byte[]> { ["token"] = "abc"u8.ToArray() } };
        var input = "v1.31.2-k3s1" + "system-upgrade" + "map[name:A value:1]" + PlanHash.SecretHash(creds);
        var expected = new Org.BouncyCastle.Crypto.Digests.Sha224Digest();
        var bytes = System.Text.Encoding.UTF8.GetBytes(input);
        expected.BlockUpdate(bytes, 0, bytes.Length);
        var output = new byte[28];
        expected.DoFinal(output, 0);
        Assert.Equal(Convert.ToHexStringLower(output), PlanHash.Compute(plan, "v1.31.2-k3s1", name => name == "creds" ? creds : null));
    }

    [Fact]
    public void Like_the_reference_a_list_path_follows_its_first_element_only()
    {
        // The reference renders a list by its first element; matching it keeps the labels of nodes it upgraded valid.
        // A path with an index (spec.upgrade.envs.1) reaches the others.
        Plan WithEnvs(string second)
        {
            var p = Plan(configure: s => s.Upgrade!.Envs = [new V1EnvVar { Name = "A", Value = "1" }, new V1EnvVar { Name = "B", Value = second }]);
            p.Metadata.Annotations = new Dictionary<string, string> { [UpgradeLabels.Digest] = "spec.upgrade.envs" };
            return p;
        }

        Assert.Equal(PlanHash.Compute(WithEnvs("x"), "v1", _ => null), PlanHash.Compute(WithEnvs("y"), "v1", _ => null));
        Plan Indexed(string second)
        {
            var p = WithEnvs(second);
            p.Metadata.Annotations![UpgradeLabels.Digest] = "spec.upgrade.envs,spec.upgrade.envs.1";
            return p;
        }

        Assert.NotEqual(PlanHash.Compute(Indexed("x"), "v1", _ => null), PlanHash.Compute(Indexed("y"), "v1", _ => null));
    }
}

public class LabelExpansionTests
{
    [Theory]
    [InlineData("$(LATEST_VERSION)", "v1.2.3-k3s1")]
    [InlineData("v-$(LATEST_HASH)", "v-abc")]
    [InlineData("$$(LATEST_VERSION)", "$(LATEST_VERSION)")]
    [InlineData("$(UNKNOWN)", "$(UNKNOWN)")]
    [InlineData("plain", "plain")]
    [InlineData("a$b", "a$b")]
    [InlineData("$(LATEST_VERSION", "$(LATEST_VERSION")]
    public void Post_complete_labels_expand(string input, string expected)
    {
        var expanded = LabelExpansion.ExpandAll(new Dictionary<string, string> { ["k"] = input }, "v1.2.3-k3s1", "abc");
        Assert.Equal(expected, expanded["k"]);
    }
}

public class SelectionTests
{
    [Fact]
    public void Missing_selector_matches_nothing_and_empty_selector_everything()
    {
        var node = Node("n1");
        Assert.False(NodeSelection.Matches(new PlanSpec(), node));
        Assert.True(NodeSelection.Matches(new PlanSpec { NodeSelector = new V1LabelSelector() }, node));
        var noHostname = Node("n2");
        noHostname.Metadata.Labels.Remove(NodeLabels.Hostname);
        Assert.False(NodeSelection.Matches(new PlanSpec { NodeSelector = new V1LabelSelector() }, noHostname));
    }

    [Fact]
    public void Disabled_and_done_nodes_are_not_candidates()
    {
        var plan = Plan();
        Assert.False(NodeSelection.IsCandidate(plan, Node("a", labels: new() { ["plan.upgrade.cattle.io/server-plan"] = "disabled" }), "h"));
        Assert.False(NodeSelection.IsCandidate(plan, Node("a", labels: new() { ["plan.upgrade.cattle.io/server-plan"] = "h" }), "h"));
        Assert.True(NodeSelection.IsCandidate(plan, Node("a", labels: new() { ["plan.upgrade.cattle.io/server-plan"] = "old" }), "h"));
    }

    [Fact]
    public void Applying_nodes_stay_and_free_slots_follow_the_stable_order()
    {
        var plan = Plan(configure: s => s.Concurrency = 2);
        var nodes = Enumerable.Range(0, 6).Select(i => Node($"n{i}")).ToList();
        var first = NodeSelection.Select(plan, nodes, "h", ["n4"], true);
        Assert.Equal(2, first.Count);
        Assert.Equal("n4", first[0].Metadata.Name);
        var order = nodes.Where(n => n.Metadata.Name != "n4").OrderBy(n => NodeSelection.OrderKey(n, plan, "h"), StringComparer.Ordinal).First();
        Assert.Equal(order.Metadata.Name, first[1].Metadata.Name);
        Assert.Equal(first.Select(n => n.Metadata.Name), NodeSelection.Select(plan, Enumerable.Reverse(nodes), "h", ["n4"], true).Select(n => n.Metadata.Name));
        Assert.Equal(["n4"], NodeSelection.Select(plan, nodes, "h", ["n4"], false).Select(n => n.Metadata.Name));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Concurrency_zero_or_less_selects_nothing(long concurrency) =>
        Assert.Empty(NodeSelection.Select(Plan(configure: s => s.Concurrency = concurrency), [Node("a")], "h", [], true));

    [Fact]
    public void Selector_operators_match()
    {
        var labels = new Dictionary<string, string> { ["role"] = "db", ["zone"] = "a" };
        Assert.True(LabelSelectors.Matches(new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["role"] = "db" } }, labels));
        Assert.False(LabelSelectors.Matches(new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "role", OperatorProperty = "NotIn", Values = ["db"] }] }, labels));
        Assert.True(LabelSelectors.Matches(new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "x", OperatorProperty = "DoesNotExist" }] }, labels));
        Assert.False(LabelSelectors.Matches(new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "x", OperatorProperty = "Exists" }] }, labels));
    }
}
