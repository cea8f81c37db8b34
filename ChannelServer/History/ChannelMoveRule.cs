using ChannelServer.Resolution;
using Contracts.Versions;

namespace ChannelServer.History;

/// <summary>Whether a channel moved between what it served before and its new resolution, and why. Pure.</summary>
public static class ChannelMoveRule
{
    /// <returns>the history entry of the move, or null when the channel did not move (or could not be resolved)</returns>
    public static ChannelHistoryEntry? Detect(ChannelMemory? before, ResolvedChannel after, DateTimeOffset now)
    {
        if (after.Rule is null || after.Unavailable is not null)
        {
            return null;
        }

        var rule = after.Rule;
        if (before is null)
        {
            // First sight of a channel: a history starts with where it stands.
            return new ChannelHistoryEntry(now, null, after.Latest, MoveReasons.ConfigChange, rule);
        }

        if (string.Equals(before.Version, after.Latest, StringComparison.Ordinal))
        {
            return null;
        }

        string reason;
        if (before.Rule != rule)
        {
            reason = MoveReasons.ConfigChange;
        }
        else if (after.Latest is null || (ReleaseVersion.TryParse(before.Version, out var was) && ReleaseVersion.TryParse(after.Latest, out var becomes) && becomes.CompareTo(was) < 0))
        {
            reason = MoveReasons.ReleaseWithdrawn;
        }
        else if (before.Soaking.Contains(after.Latest, StringComparer.Ordinal))
        {
            reason = MoveReasons.SoakEnded;
        }
        else if (before.Incomplete.Contains(after.Latest, StringComparer.Ordinal))
        {
            reason = MoveReasons.AssetsComplete;
        }
        else
        {
            reason = MoveReasons.NewRelease;
        }

        return new ChannelHistoryEntry(now, before.Version, after.Latest, reason, rule);
    }
}
