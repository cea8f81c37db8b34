using System.Text.Json.Serialization;
using k8s.Models;

namespace Contracts.Plans;

/// <summary>The prepare and upgrade containers of the Job pod. An image without tag gets <c>:latestVersion</c>.</summary>
public sealed class ContainerSpec
{
    [JsonPropertyName("image")]
    public string? Image { get; set; }

    [JsonPropertyName("command")]
    public IList<string>? Command { get; set; }

    [JsonPropertyName("args")]
    public IList<string>? Args { get; set; }

    /// <summary>Named <c>envs</c> on the wire, as in the reference CRD.</summary>
    [JsonPropertyName("envs")]
    public IList<V1EnvVar>? Envs { get; set; }

    [JsonPropertyName("envFrom")]
    public IList<V1EnvFromSource>? EnvFrom { get; set; }

    [JsonPropertyName("volumes")]
    public IList<VolumeSpec>? Volumes { get; set; }

    [JsonPropertyName("securityContext")]
    public V1SecurityContext? SecurityContext { get; set; }
}
