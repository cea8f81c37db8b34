namespace ChannelServer.Releases;

/// <summary>
/// A release list only grows in practice: an empty one, or one less than half as long as the last
/// good one, is far more likely a broken upstream (a mirror half synced, a filter gone wrong) than
/// the truth, and taking it would turn every regexp channel into a 404. Refused unless the operator
/// opts in. Pure.
/// </summary>
public static class ReleaseListShrinkRule
{
    /// <param name="lastGoodCount">length of the last accepted list; null when none is known</param>
    /// <returns>null when the list is accepted, else why not (Code: empty or shrunk, for the metric)</returns>
    public static (string Code, string Message)? Refusal(int? lastGoodCount, int newCount, bool acceptShrink)
    {
        if (acceptShrink)
        {
            return null;
        }

        if (newCount == 0)
        {
            return ("empty", "the release list is empty; refused, the last good list stays (--accept-release-shrink takes it)");
        }

        if (lastGoodCount is { } last && newCount * 2L < last)
        {
            return ("shrunk", $"the release list shrank from {last} to {newCount} releases, by more than half; refused, the last good list stays (--accept-release-shrink takes it)");
        }

        return null;
    }
}
