using System.Text.Json.Serialization;

namespace Contracts.Plans;

/// <summary>How the nodes a Plan selects stand; shown by <c>kubectl get plans</c>.</summary>
public sealed class PlanNodeCounts
{
    [JsonPropertyName("matching")]
    public int Matching { get; set; }

    [JsonPropertyName("done")]
    public int Done { get; set; }

    [JsonPropertyName("applying")]
    public int Applying { get; set; }

    [JsonPropertyName("waiting")]
    public int Waiting { get; set; }

    [JsonPropertyName("failed")]
    public int Failed { get; set; }

    [JsonPropertyName("gated")]
    public int Gated { get; set; }
}
