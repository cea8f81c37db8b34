using System.Net;

namespace Controller.Planning;

/// <summary>What one poll of a channel URL gave: a version, or why not.</summary>
public sealed record ChannelAnswer(string? Version, string? Error)
{
    /// <summary>On a failure: when the channel last answered well, if it ever did (the Plan says how old its target is).</summary>
    public DateTimeOffset? LastGoodAt { get; init; }

    /// <summary>
    /// On a failure: when this run of failures began. Without <see cref="LastGoodAt"/> (the controller restarted
    /// during an outage: the last good answer was another process's), it still says how long the outage is known.
    /// </summary>
    public DateTimeOffset? FailingSince { get; init; }

    public bool Succeeded => Version is not null;

    public static ChannelAnswer Success(string version) => new(version, null);

    public static ChannelAnswer Failure(string error) => new(null, error);

    /// <summary>
    /// The reference's reading of a channel response (requests do not follow redirects): a 302 names the
    /// release in the last path segment of Location (relative to the channel URL); any other 2xx or 3xx
    /// means the channel URL itself names it; anything else is a failure.
    /// </summary>
    public static ChannelAnswer FromResponse(Uri channel, HttpStatusCode status, string? location)
    {
        var code = (int)status;
        if (status == HttpStatusCode.Found)
        {
            if (string.IsNullOrEmpty(location) || !Uri.TryCreate(channel, location, out var target))
            {
                return Failure($"channel {channel} answered 302 without a usable Location");
            }

            return LastSegment(target) is { } fromLocation
                ? Checked(channel, fromLocation)
                : Failure($"channel {channel} redirected to {target}, which names no release");
        }

        if (code is >= 200 and < 400)
        {
            return LastSegment(channel) is { } fromUrl
                ? Checked(channel, fromUrl)
                : Failure($"channel URL {channel} names no release");
        }

        return Failure($"channel {channel} answered {code} {status}");
    }

    // Ours: the reference would roll out whatever word the URL ends in; a target that is no version is refused here.
    private static ChannelAnswer Checked(Uri channel, string version) =>
        Contracts.Versions.ReleaseVersion.TryParse(version, out _)
            ? Success(version)
            : Failure($"channel {channel} resolved to \"{version}\", which is not a version");

    private static string? LastSegment(Uri uri)
    {
        var path = uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString;
        var segment = path.TrimEnd('/').Split('/').LastOrDefault();
        return string.IsNullOrEmpty(segment) ? null : Uri.UnescapeDataString(segment);
    }
}
