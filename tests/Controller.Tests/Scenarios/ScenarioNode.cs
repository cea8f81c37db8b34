using System.Text.Json.Serialization;

namespace Controller.Tests.Scenarios;

/// <summary>A node in short form: what the scenario is about, the rest as <see cref="Fixtures.Node"/> makes it.</summary>
public sealed class ScenarioNode
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("controlPlane")]
    public bool ControlPlane { get; set; }

    /// <summary>The kubelet's version; at the Plan's target once an upgrade came back.</summary>
    [JsonPropertyName("version")]
    public string Version { get; set; } = "v1.31.1+k3s1";

    [JsonPropertyName("ready")]
    public bool Ready { get; set; } = true;

    /// <summary>Labelled with the Plan's hash: upgraded by this Plan already.</summary>
    [JsonPropertyName("done")]
    public bool Done { get; set; }

    /// <summary>Cordoned, by whom: <c>plan</c> (carries this Plan's mark) or <c>operator</c> (no mark).</summary>
    [JsonPropertyName("cordonedBy")]
    public string? CordonedBy { get; set; }
}
