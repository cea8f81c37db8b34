using Contracts.Plans;
using k8s.Models;

namespace EndToEnd.Tests;

/// <summary>Plans the scenarios build, each from scratch. By default they target the version the nodes run, so the version gate lets any node through.</summary>
internal static class Plans
{
    public static Plan For(string name, string? version = ControllerScenario.StartVersion, string[]? nodes = null, long concurrency = 1, Action<PlanSpec>? configure = null)
    {
        var plan = new Plan
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ControllerScenario.Namespace },
            Spec = new PlanSpec
            {
                Concurrency = concurrency,
                Version = version,
                NodeSelector = nodes is null
                    ? new V1LabelSelector()
                    : new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = NodeLabels.Hostname, OperatorProperty = "In", Values = nodes }] },
                Upgrade = new ContainerSpec { Image = "rancher/k3s-upgrade" },
            },
        };
        configure?.Invoke(plan.Spec);
        return plan;
    }

    /// <summary>An upgrade container the sandbox runs as <c>sleep N</c>.</summary>
    public static ContainerSpec Sleep(int seconds) => new() { Image = "busybox", Command = ["sleep"], Args = [seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)] };
}
