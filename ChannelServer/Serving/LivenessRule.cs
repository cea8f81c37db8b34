using ChannelServer.Releases;
using ChannelServer.Resolution;

namespace ChannelServer.Serving;

/// <summary>
/// When the server should be restarted rather than trusted: a prefix fed by GitHub or a mirror whose
/// release data is older than the threshold (or that never got any in that long since start). With
/// <c>--releases-file</c> nothing live is configured, and an old snapshot is the operator's choice. Pure.
/// </summary>
public static class LivenessRule
{
    /// <returns>null while live, else what is stale</returns>
    public static string? Problem(ChannelIndex? index, DateTimeOffset now, DateTimeOffset startedAt, TimeSpan staleAfter, bool liveSourceConfigured)
    {
        if (!liveSourceConfigured)
        {
            return null;
        }

        if (index is null)
        {
            return now - startedAt > staleAfter ? $"no configuration could be loaded in the {Format(now - startedAt)} since start" : null;
        }

        foreach (var prefix in index.Prefixes)
        {
            var status = prefix.ReleaseStatus;
            if (!status.NeedsReleases)
            {
                continue;
            }

            var age = status.Data is { } data ? now - data.AsOf : now - startedAt;
            if (age > staleAfter)
            {
                return status.Data is null
                    ? $"release data for /{prefix.Binding.PathPrefix} is missing {Format(age)} after start (limit {Format(staleAfter)})"
                    : $"release data for /{prefix.Binding.PathPrefix} is {Format(age)} old (limit {Format(staleAfter)}, source {status.Data.Kind.WireName()})";
            }
        }

        return null;
    }

    private static string Format(TimeSpan span) => Contracts.Versions.GoDuration.Format(TimeSpan.FromSeconds(Math.Floor(span.TotalSeconds)));
}
