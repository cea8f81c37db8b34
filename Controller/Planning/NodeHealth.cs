using Contracts.Plans;
using k8s.Models;

namespace Controller.Planning;

/// <summary>What a node says of itself: Ready or not (and why), and whether it is a control-plane node.</summary>
public static class NodeHealth
{
    /// <summary>The taint the node lifecycle controller puts on a node whose kubelet stopped posting.</summary>
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";

    /// <summary>Ready=True and not tainted unreachable. A node without a Ready condition is not known to be Ready.</summary>
    public static bool IsReady(V1Node node) =>
        Ready(node)?.Status == "True" && node.Spec?.Taints?.Any(t => t.Key == UnreachableTaint) != true;

    /// <summary>How the node reports, for messages: <c>Ready=False (KubeletNotReady: ...)</c>.</summary>
    public static string Describe(V1Node node)
    {
        if (Ready(node) is not { } ready)
        {
            return "no Ready condition";
        }

        var why = string.Join(": ", new[] { ready.Reason, ready.Message }.Where(s => !string.IsNullOrEmpty(s)));
        var unreachable = node.Spec?.Taints?.Any(t => t.Key == UnreachableTaint) == true ? ", unreachable" : "";
        return why.Length == 0 ? $"Ready={ready.Status}{unreachable}" : $"Ready={ready.Status} ({why}){unreachable}";
    }

    /// <summary>
    /// Labeled <c>node-role.kubernetes.io/control-plane</c> or <c>.../master</c>: k3s writes "true", kubeadm an
    /// empty value; only an explicit "false" is no role.
    /// </summary>
    public static bool IsControlPlane(V1Node node) =>
        node.Metadata.Labels is { } labels
        && ((labels.TryGetValue(NodeLabels.ControlPlane, out var cp) && cp != "false")
            || (labels.TryGetValue(NodeLabels.Master, out var master) && master != "false"));

    private static V1NodeCondition? Ready(V1Node node) => node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
}
