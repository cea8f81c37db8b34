namespace Contracts.Channels;

/// <summary>
/// One move of a channel, as served by <c>GET /&lt;prefix&gt;/channels/&lt;name&gt;/history</c> (newest first).
/// <see cref="From"/> or <see cref="To"/> is absent when the channel had, or has, no version.
/// </summary>
public sealed class ChannelMove
{
    public string? Time { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }

    /// <summary>config-change, new-release, soak-ended, assets-complete or release-withdrawn.</summary>
    public string? Reason { get; init; }
}
