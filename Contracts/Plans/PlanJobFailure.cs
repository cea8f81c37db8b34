using System.Text.Json.Serialization;

namespace Contracts.Plans;

/// <summary>
/// Our addition (not in the reference): an upgrade Job that failed. It is kept in the status so that the Job
/// is not created again once Kubernetes removes it after its TTL: only a Plan change that changes what the
/// Job runs (its template or the target hash) tries the node again.
/// </summary>
public sealed class PlanJobFailure
{
    [JsonPropertyName("node")]
    public string Node { get; set; } = "";

    [JsonPropertyName("job")]
    public string Job { get; set; } = "";

    /// <summary>The failed Job's template hash (its <see cref="UpgradeLabels.JobTemplate"/> annotation).</summary>
    [JsonPropertyName("template")]
    public string Template { get; set; } = "";

    /// <summary>What the Plan's <c>JobFailed</c> message says of it: <c>Job ns/name failed on Node n: reason: message</c>.</summary>
    [JsonPropertyName("message")]
    public string Message { get; set; } = "";
}
