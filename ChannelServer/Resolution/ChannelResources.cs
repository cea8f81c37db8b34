using System.Globalization;
using Contracts.Channels;

namespace ChannelServer.Resolution;

/// <summary>A resolved channel as the API lists it; the fields the reference lacks only when they say something.</summary>
public static class ChannelResources
{
    public static ChannelResource Of(ResolvedChannel channel, string selfUrl)
    {
        var resolution = channel.Resolution;
        return new ChannelResource(selfUrl, channel.Name, channel.Latest, channel.LatestRegexp, channel.ExcludeRegexp)
        {
            Soaking = resolution is { Soaking.Count: > 0 }
                ? resolution.Soaking.Select(s => new ChannelSoakingRelease { Version = s.Tag, PublishedAt = Rfc3339(s.PublishedAt), EligibleAt = Rfc3339(s.EligibleAt) }).ToList()
                : null,
            MovesAt = resolution?.MovesAt is { } at ? Rfc3339(at) : null,
            MissingAssets = resolution is { Incomplete.Count: > 0 }
                ? resolution.Incomplete.Select(i => new ChannelIncompleteRelease { Version = i.Tag, Missing = i.Missing }).ToList()
                : null,
            Held = resolution?.Held,
        };
    }

    public static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
