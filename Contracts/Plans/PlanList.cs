using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Contracts.Plans;

public sealed class PlanList : IKubernetesObject<V1ListMeta>, IItems<Plan>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = Plan.GroupVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "PlanList";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<Plan> Items { get; set; } = [];
}
