using System.Text.Json.Serialization;

namespace Contracts.Plans;

/// <summary>When Jobs may start: listed weekdays, between start and end (inclusive), in an IANA time zone (empty: UTC).</summary>
public sealed class TimeWindowSpec
{
    /// <summary><c>0</c>-<c>6</c> or names (<c>su</c>, <c>sun</c>, <c>sunday</c>, any case).</summary>
    [JsonPropertyName("days")]
    public IList<string>? Days { get; set; }

    [JsonPropertyName("startTime")]
    public string? StartTime { get; set; }

    [JsonPropertyName("endTime")]
    public string? EndTime { get; set; }

    [JsonPropertyName("timeZone")]
    public string? TimeZone { get; set; }
}
