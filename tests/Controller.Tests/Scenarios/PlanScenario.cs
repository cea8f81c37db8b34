using System.Text.Json.Serialization;
using Contracts.Plans;

namespace Controller.Tests.Scenarios;

/// <summary>
/// One golden scenario file: a Plan as an operator writes it, the cluster it meets and the decision expected.
/// Read with KubernetesClient's YAML support, so the Plan is read exactly as the CRD's JSON names say.
/// </summary>
public sealed class PlanScenario
{
    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonPropertyName("plan")]
    public Plan Plan { get; set; } = new();

    /// <summary>Set: the Plan's status already names these nodes as applying (a pass after the one that started them).</summary>
    [JsonPropertyName("applying")]
    public IList<string>? Applying { get; set; }

    [JsonPropertyName("nodes")]
    public IList<ScenarioNode> Nodes { get; set; } = [];

    [JsonPropertyName("jobs")]
    public IList<ScenarioJob> Jobs { get; set; } = [];

    /// <summary>When the decision is taken, in seconds after the fixtures' clock.</summary>
    [JsonPropertyName("atSeconds")]
    public double AtSeconds { get; set; }

    [JsonPropertyName("expect")]
    public ScenarioExpectation Expect { get; set; } = new();
}
