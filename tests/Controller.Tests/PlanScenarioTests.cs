using Contracts.Plans;
using Controller.Planning;
using Controller.Tests.Scenarios;
using k8s;
using k8s.Models;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

/// <summary>
/// The golden scenarios in Scenarios/*.yaml: each file is a Plan, the nodes and Jobs it meets and the decision
/// expected, so a rule's effect on a whole cluster reads in one place and a new case is a new file.
/// </summary>
public class PlanScenarioTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Scenarios");

    public static TheoryData<string> Files()
    {
        var files = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            files.Add(Path.GetFileName(path));
        }

        return files;
    }

    [Fact]
    public void There_are_scenarios_to_run()
    {
        // A Theory over no files would pass without looking at anything.
        Assert.True(Directory.GetFiles(Folder, "*.yaml").Length >= 5, $"expected the scenario files in {Folder}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_decision_is_the_one_the_scenario_expects(string file)
    {
        var scenario = KubernetesYaml.Deserialize<PlanScenario>(File.ReadAllText(Path.Combine(Folder, file)));
        var plan = scenario.Plan;
        var planKey = CordonOwnership.PlanKey(plan);
        var reconciler = new PlanReconciler(Settings);
        var nodes = scenario.Nodes.Select(n => ToNode(n, planKey)).ToList();

        // The target and hash the Plan resolves to: what its Jobs are named after and a done node is labelled with.
        var resolved = reconciler.Decide(new PlanSnapshot(plan, nodes, [], new Dictionary<string, V1Secret>(), Now, null)).Status;
        var hash = resolved.LatestHash!;
        var version = resolved.LatestVersion!;
        foreach (var node in scenario.Nodes.Where(n => n.Done))
        {
            nodes.Single(n => n.Metadata.Name == node.Name).Metadata.Labels[UpgradeLabels.PlanPrefix + plan.Metadata.Name] = hash;
        }

        if (scenario.Applying is not null)
        {
            resolved.Applying = [.. scenario.Applying];
            plan.Status = resolved;
        }

        var jobs = scenario.Jobs.Select(j => WithCondition(
            JobBuilder.Build(plan, nodes.Single(n => n.Metadata.Name == j.Node), version, hash, Settings),
            j.Condition, Now.AddSeconds(j.AtSeconds), j.Reason, j.Message)).ToList();

        var d = reconciler.Decide(new PlanSnapshot(plan, nodes, jobs, new Dictionary<string, V1Secret>(), Now.AddSeconds(scenario.AtSeconds), null));

        var expect = scenario.Expect;
        Assert.Equal(Sorted(expect.JobsFor), Sorted(d.Create.Select(j => j.Metadata.Labels[UpgradeLabels.Node])));
        Assert.All(d.Create, j => Assert.Equal(expect.InitContainers, (j.Spec.Template.Spec.InitContainers ?? []).Select(c => c.Name)));
        Assert.Equal(Sorted(expect.MarkedCordoned), Sorted(d.NodePatches.Where(p => p.Annotations.TryGetValue(UpgradeLabels.CordonedBy, out var by) && by == planKey).Select(p => p.NodeName)));
        Assert.Equal(Sorted(expect.Uncordoned), Sorted(d.NodePatches.Where(p => p.Unschedulable == false).Select(p => p.NodeName)));
        Assert.Equal(Sorted(expect.LabelledDone), Sorted(d.NodePatches.Where(p => p.Labels.TryGetValue(UpgradeLabels.PlanPrefix + plan.Metadata.Name, out var h) && h == hash).Select(p => p.NodeName)));
        Assert.Equal(Sorted(expect.FailureMarked), Sorted(d.NodePatches.Where(p => p.Annotations.TryGetValue(UpgradeLabels.FailedPrefix + plan.Metadata.Name, out var mark) && mark is not null).Select(p => p.NodeName)));
        Assert.Equal(Sorted(expect.Applying), Sorted(d.Status.Applying ?? []));
        var complete = d.Status.Conditions!.Single(c => c.Type == PlanConditions.Complete);
        Assert.Equal((expect.CompleteStatus, expect.CompleteReason), (complete.Status, complete.Reason));
        var reasons = d.Events.Select(e => e.Reason).ToHashSet();
        Assert.All(expect.Events, reason => Assert.Contains(reason, reasons));
    }

    private static V1Node ToNode(ScenarioNode n, string planKey)
    {
        Assert.True(n.CordonedBy is null or "plan" or "operator", $"cordonedBy of {n.Name} is plan or operator, not {n.CordonedBy}");
        var node = Node(n.Name, n.ControlPlane, n.Version, ready: n.Ready);
        if (n.CordonedBy is not null)
        {
            node.Spec.Unschedulable = true;
        }

        if (n.CordonedBy == "plan")
        {
            node.Metadata.Annotations = new Dictionary<string, string> { [UpgradeLabels.CordonedBy] = planKey };
        }

        return node;
    }

    private static List<string> Sorted(IEnumerable<string> names) => names.Order(StringComparer.Ordinal).ToList();
}
