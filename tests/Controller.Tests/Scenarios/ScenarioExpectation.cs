using System.Text.Json.Serialization;

namespace Controller.Tests.Scenarios;

/// <summary>
/// The decision, stated in full for what it covers: every list is the exact set of node names (empty when
/// left out), so a scenario also says what must not happen.
/// </summary>
public sealed class ScenarioExpectation
{
    /// <summary>Nodes a new Job is created for.</summary>
    [JsonPropertyName("jobsFor")]
    public IList<string> JobsFor { get; set; } = [];

    /// <summary>Init containers of every created Job, in order (none when left out).</summary>
    [JsonPropertyName("initContainers")]
    public IList<string> InitContainers { get; set; } = [];

    /// <summary>Nodes marked as cordoned by this Plan before their Job runs.</summary>
    [JsonPropertyName("markedCordoned")]
    public IList<string> MarkedCordoned { get; set; } = [];

    [JsonPropertyName("uncordoned")]
    public IList<string> Uncordoned { get; set; } = [];

    /// <summary>Nodes labelled with the Plan's hash in this pass.</summary>
    [JsonPropertyName("labelledDone")]
    public IList<string> LabelledDone { get; set; } = [];

    /// <summary>Nodes given this Plan's failure mark.</summary>
    [JsonPropertyName("failureMarked")]
    public IList<string> FailureMarked { get; set; } = [];

    [JsonPropertyName("applying")]
    public IList<string> Applying { get; set; } = [];

    /// <summary>The Complete condition: <c>True</c> or <c>False</c>, and its reason.</summary>
    [JsonPropertyName("completeStatus")]
    public string CompleteStatus { get; set; } = "";

    [JsonPropertyName("completeReason")]
    public string CompleteReason { get; set; } = "";

    /// <summary>Event reasons that must be among the decision's events (others may be there too).</summary>
    [JsonPropertyName("events")]
    public IList<string> Events { get; set; } = [];
}
