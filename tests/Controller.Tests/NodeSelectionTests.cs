using System.Net;
using Contracts.Plans;
using Controller.Planning;
using k8s.Models;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

public class NodeSelectionTests
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
