using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Contracts.Plans;

/// <summary>The <c>upgrade.cattle.io/v1</c> Plan, wire-compatible with Rancher's system-upgrade-controller.</summary>
public sealed class Plan : IKubernetesObject<V1ObjectMeta>, ISpec<PlanSpec>, IStatus<PlanStatus?>
{
    public const string KubeGroup = "upgrade.cattle.io";
    public const string KubeApiVersion = "v1";
    public const string KubeKind = "Plan";
    public const string KubePluralName = "plans";
    public const string GroupVersion = KubeGroup + "/" + KubeApiVersion;

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = GroupVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public PlanSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public PlanStatus? Status { get; set; }
}
