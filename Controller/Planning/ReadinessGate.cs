using Contracts.Plans;
using Contracts.Versions;
using k8s.Models;

namespace Controller.Planning;

/// <summary>
/// A node is done only once it is Ready and, where the target is a Kubernetes version, its kubelet reports that
/// version: a Job that "succeeded" on a node that did not come back must not free the slot for the next node.
/// Past the deadline after its Job completed (the Plan's annotation, else the controller's setting) the Plan
/// halts; it resumes by itself when the node recovers.
/// </summary>
public static class ReadinessGate
{
    /// <summary>Null when the node is Ready at the target; otherwise what it reports instead.</summary>
    public static string? NotYet(V1Node node, string latestVersion)
    {
        var problems = new List<string>();
        if (!NodeHealth.IsReady(node))
        {
            problems.Add(NodeHealth.Describe(node));
        }

        if (ReleaseVersion.TryParse(VersionMunging.Unmunge(latestVersion), out var target))
        {
            var kubelet = node.Status?.NodeInfo?.KubeletVersion;
            if (!ReleaseVersion.TryParse(kubelet, out var running) || running != target)
            {
                problems.Add($"kubelet {kubelet ?? "(none)"}, not {VersionMunging.Unmunge(latestVersion)}");
            }
        }

        return problems.Count == 0 ? null : string.Join(", ", problems);
    }

    public static TimeSpan Timeout(Plan plan, ControllerSettings settings) =>
        plan.Metadata.Annotations?.TryGetValue(UpgradeLabels.NodeReadyTimeout, out var text) == true
        && GoDuration.TryParse(text, out var timeout, out _) && timeout > TimeSpan.Zero
            ? timeout
            : settings.NodeReadyTimeout;

    /// <summary>The annotation's problem, for validation; null when it is absent or a positive duration.</summary>
    public static string? Problem(Plan plan) =>
        plan.Metadata.Annotations?.TryGetValue(UpgradeLabels.NodeReadyTimeout, out var text) != true ? null
        : !GoDuration.TryParse(text, out var timeout, out var error) ? $"annotation {UpgradeLabels.NodeReadyTimeout} is invalid: {error}"
        : timeout <= TimeSpan.Zero ? $"annotation {UpgradeLabels.NodeReadyTimeout} must be above 0"
        : null;
}
