using System.Text.Json.Serialization;

namespace Contracts.Plans;

/// <summary>A Secret mounted read-only into every container; unless ignored, its content feeds the plan hash.</summary>
public sealed class SecretSpec
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary>Empty: <c>/run/system-upgrade/secrets/&lt;name&gt;</c>; relative: under that folder; absolute: as given.</summary>
    [JsonPropertyName("path")]
    public string? Path { get; set; }

    [JsonPropertyName("ignoreUpdates")]
    public bool? IgnoreUpdates { get; set; }

    [JsonPropertyName("defaultMode")]
    public int? DefaultMode { get; set; }
}
