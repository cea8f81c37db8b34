using System.Text.Json.Serialization;

namespace Contracts.Plans;

/// <summary>A condition as the reference writes it (wrangler's GenericCondition: times are RFC 3339 strings).</summary>
public sealed class PlanCondition
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    [JsonPropertyName("status")]
    public string Status { get; set; } = "";

    [JsonPropertyName("lastUpdateTime")]
    public string? LastUpdateTime { get; set; }

    [JsonPropertyName("lastTransitionTime")]
    public string? LastTransitionTime { get; set; }

    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
