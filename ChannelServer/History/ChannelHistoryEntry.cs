using System.Text.Json.Serialization;

namespace ChannelServer.History;

/// <summary>One move of a channel, as kept in the state dir.</summary>
/// <param name="From">the version before (null: the channel had none, or was new)</param>
/// <param name="To">the version after (null: it has none now)</param>
/// <param name="Reason">one of <see cref="MoveReasons"/></param>
/// <param name="Rule">the <see cref="Resolution.RuleFingerprint"/> of the rule it moved under</param>
public sealed record ChannelHistoryEntry(
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("from")] string? From,
    [property: JsonPropertyName("to")] string? To,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("rule")] string Rule);
