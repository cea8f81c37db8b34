using System.Text.Json.Serialization;
using k8s.Models;

namespace Contracts.Plans;

/// <summary>What a Plan asks for. JSON names and optionality as the reference CRD (note <c>envs</c> in <see cref="ContainerSpec"/>).</summary>
public sealed class PlanSpec
{
    /// <summary>Most nodes applying at once; 0 or less selects nothing.</summary>
    [JsonPropertyName("concurrency")]
    public long? Concurrency { get; set; }

    /// <summary>Missing or below 0: controller default; 0: no deadline; then clamped to the controller's maximum.</summary>
    [JsonPropertyName("jobActiveDeadlineSecs")]
    public long? JobActiveDeadlineSecs { get; set; }

    /// <summary>ANDed with <c>kubernetes.io/hostname</c> Exists; missing selects no node, <c>{}</c> every node.</summary>
    [JsonPropertyName("nodeSelector")]
    public V1LabelSelector? NodeSelector { get; set; }

    [JsonPropertyName("serviceAccountName")]
    public string? ServiceAccountName { get; set; }

    /// <summary>A URL answering 302 to a release; the last path segment of Location is the version.</summary>
    [JsonPropertyName("channel")]
    public string? Channel { get; set; }

    /// <summary>A fixed target; when set the channel is never polled.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; set; }

    [JsonPropertyName("secrets")]
    public IList<SecretSpec>? Secrets { get; set; }

    /// <summary>Appended after the built-in toleration of <c>node.kubernetes.io/unschedulable</c>.</summary>
    [JsonPropertyName("tolerations")]
    public IList<V1Toleration>? Tolerations { get; set; }

    [JsonPropertyName("exclusive")]
    public bool? Exclusive { get; set; }

    [JsonPropertyName("window")]
    public TimeWindowSpec? Window { get; set; }

    [JsonPropertyName("prepare")]
    public ContainerSpec? Prepare { get; set; }

    /// <summary>Required by the CRD schema.</summary>
    [JsonPropertyName("upgrade")]
    public ContainerSpec? Upgrade { get; set; }

    [JsonPropertyName("cordon")]
    public bool? Cordon { get; set; }

    /// <summary>Implies cordon.</summary>
    [JsonPropertyName("drain")]
    public DrainSpec? Drain { get; set; }

    [JsonPropertyName("imagePullSecrets")]
    public IList<V1LocalObjectReference>? ImagePullSecrets { get; set; }

    /// <summary>A Go duration (<c>30s</c>, <c>1m30s</c>) between one node finishing and the next starting.</summary>
    [JsonPropertyName("postCompleteDelay")]
    public string? PostCompleteDelay { get; set; }

    [JsonPropertyName("priorityClassName")]
    public string? PriorityClassName { get; set; }

    /// <summary>Set on the node after success; values expand <c>$(LATEST_VERSION)</c> and <c>$(LATEST_HASH)</c>.</summary>
    [JsonPropertyName("postCompleteLabels")]
    public IDictionary<string, string>? PostCompleteLabels { get; set; }
}
