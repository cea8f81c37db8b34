using System.Text.Json.Serialization;

namespace Contracts.Plans;

/// <summary>A hostPath volume mounted into the upgrade container.</summary>
public sealed class VolumeSpec
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("source")]
    public string Source { get; set; } = "";

    [JsonPropertyName("destination")]
    public string Destination { get; set; } = "";
}
