using Contracts.Plans;
using Controller.Planning;
using k8s.Models;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

/// <summary>A status never says Complete, nor Validated, for what will not run.</summary>
public class StatusTruthTests
{
    private readonly PlanReconciler _reconciler = new(Settings);

    private PlanDecision Decide(Plan plan) =>
        _reconciler.Decide(new PlanSnapshot(plan, [Node("a"), Node("b"), Node("c")], [], new Dictionary<string, V1Secret>(), Now, null));

    private static PlanCondition Condition(PlanDecision d, string type) => d.Status.Conditions!.Single(c => c.Type == type);

    [Theory]
    [InlineData(null, "spec.concurrency is missing: no node will be upgraded; set it to 1 or more")]
    [InlineData(0L, "spec.concurrency is 0: no node will be upgraded; set it to 1 or more")]
    [InlineData(-3L, "spec.concurrency is -3: no node will be upgraded; set it to 1 or more")]
    public void Concurrency_missing_or_below_one_says_nothing_will_run(long? concurrency, string message)
    {
        var d = Decide(Plan(configure: s => s.Concurrency = concurrency));
        Assert.Empty(d.Create);
        var complete = Condition(d, PlanConditions.Complete);
        Assert.Equal(("False", PlanConditions.Reasons.NothingWillRun, message), (complete.Status, complete.Reason, complete.Message));
        Assert.Equal(3, d.Status.Nodes!.Waiting);
    }

    [Theory]
    [InlineData("Foo", "k", "spec.nodeSelector is invalid")]
    [InlineData("Exists", "not a key!", "spec.nodeSelector is invalid")]
    public void An_invalid_selector_is_not_validated(string op, string key, string message)
    {
        var d = Decide(Plan(configure: s => s.NodeSelector = new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = key, OperatorProperty = op }] }));
        var validated = Condition(d, PlanConditions.Validated);
        Assert.Equal("False", validated.Status);
        Assert.StartsWith(message, validated.Message);
        Assert.Equal("False", Condition(d, PlanConditions.Complete).Status);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://channel/stable")]
    [InlineData("stable")]
    public void A_channel_that_is_not_http_is_not_validated(string channel)
    {
        var d = Decide(Plan(configure: s => { s.Version = null; s.Channel = channel; }));
        var validated = Condition(d, PlanConditions.Validated);
        Assert.Equal(("False", $"spec.channel \"{channel}\" is not an http(s) URL"), (validated.Status, validated.Message));
    }

    [Fact]
    public void A_version_that_is_no_label_value_or_image_tag_is_not_validated_nor_shown_whole()
    {
        var shell = Decide(Plan(configure: s => s.Version = "$(rm -rf /)"));
        Assert.Equal("False", Condition(shell, PlanConditions.Validated).Status);
        Assert.StartsWith("spec.version \"$(rm -rf /)\" is not a valid label value and image tag", Condition(shell, PlanConditions.Validated).Message);

        var huge = Decide(Plan(configure: s => s.Version = new string('1', 3000)));
        var message = Condition(huge, PlanConditions.Validated).Message!;
        Assert.Contains("(3000 characters)", message);
        Assert.True(message.Length < 300, message);
        Assert.Null(huge.Status.LatestVersion);
        Assert.Empty(huge.Create);
    }
}
