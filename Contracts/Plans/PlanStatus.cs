using System.Text.Json.Serialization;

namespace Contracts.Plans;

public sealed class PlanStatus
{
    [JsonPropertyName("conditions")]
    public IList<PlanCondition>? Conditions { get; set; }

    /// <summary>The target version with <c>+</c> replaced by <c>-</c>.</summary>
    [JsonPropertyName("latestVersion")]
    public string? LatestVersion { get; set; }

    [JsonPropertyName("latestHash")]
    public string? LatestHash { get; set; }

    /// <summary>Hostnames of the nodes being upgraded now.</summary>
    [JsonPropertyName("applying")]
    public IList<string>? Applying { get; set; }

    /// <summary>Our addition (not in the reference): why nothing happens, in numbers.</summary>
    [JsonPropertyName("nodes")]
    public PlanNodeCounts? Nodes { get; set; }

    /// <summary>Our addition: the Jobs that failed for the current target, not to be created again as they were.</summary>
    [JsonPropertyName("failedJobs")]
    public IList<PlanJobFailure>? FailedJobs { get; set; }
}
