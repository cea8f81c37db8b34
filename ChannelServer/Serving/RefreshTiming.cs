using ChannelServer.Configuration;

namespace ChannelServer.Serving;

/// <summary>
/// How long to wait before the next refresh: one interval after the last one ended, or until the next time
/// of <c>--refresh-schedule</c> (UTC; Cronos computes it); while nothing at all is served, at most
/// <see cref="RetryWhileEmpty"/>; and never past the moment a soaking release becomes eligible, so a channel
/// moves when its soak ends even though no new release arrives. Pure.
/// </summary>
public static class RefreshTiming
{
    // Waiting a full interval (15 min by default) with nothing to serve is too long.
    public static readonly TimeSpan RetryWhileEmpty = TimeSpan.FromSeconds(10);

    // A schedule with no next time (a date that never comes): look again in a year rather than never.
    private static readonly TimeSpan NeverAgain = TimeSpan.FromDays(365);

    public static TimeSpan Delay(ServerOptions options, DateTimeOffset now, bool servingNothing, DateTimeOffset? nextMoveAt = null)
    {
        var untilMove = nextMoveAt is { } at ? at - now : TimeSpan.MaxValue;
        var fixedDelay = Scheduled(options, now, servingNothing);
        if (untilMove >= fixedDelay)
        {
            return fixedDelay;
        }

        // A move already due means the last refresh could not rebuild the index (a config error): retry
        // soon, not in a tight loop.
        return untilMove > TimeSpan.Zero ? untilMove : RetryWhileEmpty;
    }

    private static TimeSpan Scheduled(ServerOptions options, DateTimeOffset now, bool servingNothing)
    {
        var delay = options.RefreshSchedule is { } schedule
            ? (schedule.GetNextOccurrence(now.UtcDateTime, TimeZoneInfo.Utc) is { } next ? next - now.UtcDateTime : NeverAgain)
            : options.RefreshInterval;
        return servingNothing && delay > RetryWhileEmpty ? RetryWhileEmpty : delay;
    }
}
