using System.Text.Json.Serialization;

namespace Controller.Tests.Scenarios;

/// <summary>A Job the Plan made for a node (as <c>JobBuilder</c> builds it), released and finished as said.</summary>
public sealed class ScenarioJob
{
    [JsonPropertyName("node")]
    public string Node { get; set; } = "";

    /// <summary><c>Complete</c> or <c>Failed</c>.</summary>
    [JsonPropertyName("condition")]
    public string Condition { get; set; } = "";

    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>When the condition was reached, in seconds after the fixtures' clock.</summary>
    [JsonPropertyName("atSeconds")]
    public double AtSeconds { get; set; }
}
