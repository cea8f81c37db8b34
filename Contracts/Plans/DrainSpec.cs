using System.Text.Json.Serialization;
using k8s.Models;

namespace Contracts.Plans;

/// <summary>The <c>kubectl drain</c> options of a Plan. Drain implies cordon.</summary>
public sealed class DrainSpec
{
    /// <summary>An int is nanoseconds; a string is passed to kubectl as is.</summary>
    [JsonPropertyName("timeout")]
    public IntOrString? Timeout { get; set; }

    [JsonPropertyName("gracePeriod")]
    public int? GracePeriod { get; set; }

    [JsonPropertyName("deleteLocalData")]
    public bool? DeleteLocalData { get; set; }

    [JsonPropertyName("deleteEmptydirData")]
    public bool? DeleteEmptydirData { get; set; }

    [JsonPropertyName("ignoreDaemonSets")]
    public bool? IgnoreDaemonSets { get; set; }

    [JsonPropertyName("force")]
    public bool? Force { get; set; }

    [JsonPropertyName("disableEviction")]
    public bool? DisableEviction { get; set; }

    [JsonPropertyName("skipWaitForDeleteTimeout")]
    public int? SkipWaitForDeleteTimeout { get; set; }

    [JsonPropertyName("podSelector")]
    public V1LabelSelector? PodSelector { get; set; }
}
