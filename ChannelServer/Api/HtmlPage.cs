using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using Contracts.Channels;
using ChannelServer.Fleet;
using ChannelServer.History;
using ChannelServer.Releases;
using ChannelServer.Resolution;
using Microsoft.AspNetCore.Http;

namespace ChannelServer.Api;

/// <summary>
/// A readable page for browsers. Only a request whose Accept header names text/html gets it: an HTML
/// body on a 2xx breaks API clients (Rancher Desktop), so everything else gets JSON.
/// </summary>
public static class HtmlPage
{
    public static bool Wanted(HttpRequest request)
    {
        foreach (var accept in request.Headers.Accept)
        {
            if (accept is not null && accept.Contains("text/html", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private const int RecentMoves = 5;

    /// <summary>
    /// Every channel with its version, what it waits for (soaking releases, missing assets), a held
    /// backwards move, and its recent moves; narrow enough for a phone (cards, the wide table scrolls).
    /// </summary>
    public static byte[] Channels(PrefixIndex prefix, string selfUrl, byte[] json, DateTimeOffset now, ChannelHistoryStore? history = null, IReadOnlyList<FleetChannel>? fleet = null)
    {
        var html = Begin($"/{prefix.Binding.PathPrefix}/channels");
        html.Append("<p id=\"release-source\">").Append(WebUtility.HtmlEncode(ReleaseLine(prefix.ReleaseStatus, now))).Append("</p>\n");
        html.Append("<div class=\"scroll\"><table><tr><th>channel</th><th>version</th><th>latestRegexp</th><th>excludeRegexp</th></tr>\n");
        foreach (var channel in prefix.Channels)
        {
            html.Append($"<tr><td>{WebUtility.HtmlEncode(channel.Name)}</td><td>{Version(channel)}</td><td><code>{WebUtility.HtmlEncode(channel.LatestRegexp)}</code></td>"
                        + $"<td><code>{WebUtility.HtmlEncode(channel.ExcludeRegexp)}</code></td></tr>\n");
        }

        html.Append("</table></div>\n");
        foreach (var channel in prefix.Channels)
        {
            AppendChannel(html, prefix.Binding.PathPrefix, channel, history?.Of(prefix.Binding.PathPrefix, channel.Name, RecentMoves) ?? [],
                fleet?.FirstOrDefault(f => f.Channel == channel.Name));
        }

        return End(html, selfUrl, json);
    }

    public static byte[] History(string prefix, string channel, IReadOnlyList<ChannelHistoryEntry> moves, string selfUrl, byte[] json)
    {
        var html = Begin($"/{prefix}/channels/{channel}/history");
        AppendMoves(html, moves);
        return End(html, selfUrl, json);
    }

    public static ChannelMove ToWire(ChannelHistoryEntry entry) =>
        new() { Time = ChannelResources.Rfc3339(entry.Time), From = entry.From, To = entry.To, Reason = entry.Reason };

    private static string Version(ResolvedChannel channel) =>
        channel.Location is null
            ? channel.Unavailable is null ? "<em>none</em>" : "<em>unavailable</em>"
            : $"<a href=\"{WebUtility.HtmlEncode(channel.Location)}\">{WebUtility.HtmlEncode(channel.Latest)}</a>";

    private static void AppendChannel(StringBuilder html, string prefix, ResolvedChannel channel, IReadOnlyList<ChannelHistoryEntry> moves, FleetChannel? fleet)
    {
        var name = WebUtility.HtmlEncode(channel.Name);
        html.Append($"<section class=\"channel\" data-channel=\"{name}\"><h2>{name}: <span class=\"version\">{Version(channel)}</span></h2>\n");
        if (channel.Unavailable is { } why)
        {
            html.Append($"<p class=\"unavailable\">{WebUtility.HtmlEncode(why)}</p>\n");
        }

        if (channel.Resolution is { } resolution)
        {
            if (resolution.Held is { } held)
            {
                html.Append($"<p class=\"held\">{WebUtility.HtmlEncode(held)}</p>\n");
            }

            if (resolution.Soaking.Count > 0)
            {
                html.Append("<p>Soaking (moves at <time class=\"moves-at\">").Append(ChannelResources.Rfc3339(resolution.MovesAt!.Value)).Append("</time>):</p><ul class=\"soaking\">");
                foreach (var soaking in resolution.Soaking)
                {
                    html.Append($"<li data-version=\"{WebUtility.HtmlEncode(soaking.Tag)}\">{WebUtility.HtmlEncode(soaking.Tag)}, published {ChannelResources.Rfc3339(soaking.PublishedAt)}, eligible {ChannelResources.Rfc3339(soaking.EligibleAt)}</li>");
                }

                html.Append("</ul>\n");
            }

            if (resolution.Incomplete.Count > 0)
            {
                html.Append("<p>Left out for missing assets:</p><ul class=\"missing-assets\">");
                foreach (var incomplete in resolution.Incomplete)
                {
                    var missing = incomplete.Missing is null ? "assets unknown" : string.Join(", ", incomplete.Missing);
                    html.Append($"<li data-version=\"{WebUtility.HtmlEncode(incomplete.Tag)}\">{WebUtility.HtmlEncode(incomplete.Tag)}: {WebUtility.HtmlEncode(missing)}</li>");
                }

                html.Append("</ul>\n");
            }
        }

        if (moves.Count > 0)
        {
            html.Append($"<p>Recent moves (<a href=\"/{WebUtility.HtmlEncode(prefix)}/channels/{name}/history\">all</a>):</p>\n");
            AppendMoves(html, moves);
        }

        if (fleet is not null)
        {
            AppendFleetLine(html, prefix, fleet);
        }

        html.Append("</section>\n");
    }

    private static void AppendFleetLine(StringBuilder html, string prefix, FleetChannel fleet)
    {
        html.Append($"<p class=\"fleet\" data-clusters=\"{fleet.Clusters}\" data-behind=\"{fleet.Behind}\">Fleet: <a href=\"/{WebUtility.HtmlEncode(prefix)}/fleet\">{fleet.Clusters} cluster{(fleet.Clusters == 1 ? "" : "s")}</a>, {fleet.Behind} behind");
        if (fleet.OldestLastSeen is { } oldest)
        {
            html.Append(", oldest last seen <time>").Append(ChannelResources.Rfc3339(oldest)).Append("</time>");
        }

        if (fleet.Versions.Count > 0)
        {
            html.Append(" (").Append(WebUtility.HtmlEncode(string.Join(", ", fleet.Versions.Select(v => $"{v.Key}: {v.Value}")))).Append(')');
        }

        html.Append("</p>\n");
    }

    public static byte[] Fleet(string prefix, IReadOnlyList<FleetChannel> view, string selfUrl, byte[] json)
    {
        var html = Begin($"/{prefix}/fleet");
        foreach (var channel in view)
        {
            var name = WebUtility.HtmlEncode(channel.Channel);
            html.Append($"<section class=\"channel\" data-channel=\"{name}\"><h2>{name}: {WebUtility.HtmlEncode(channel.ChannelVersion ?? "none")}</h2>\n");
            AppendFleetLine(html, prefix, channel);
            if (channel.Members.Count > 0)
            {
                html.Append("<div class=\"scroll\"><table class=\"members\"><tr><th>cluster</th><th>version</th><th>last seen</th></tr>");
                foreach (var (cluster, version, lastSeen) in channel.Members)
                {
                    html.Append($"<tr><td><code>{cluster:D}</code></td><td>{WebUtility.HtmlEncode(version ?? "unknown")}</td><td>{ChannelResources.Rfc3339(lastSeen)}</td></tr>");
                }

                html.Append("</table></div>\n");
            }

            html.Append("</section>\n");
        }

        return End(html, selfUrl, json);
    }

    public static FleetChannelResource ToWire(FleetChannel channel) => new()
    {
        Channel = channel.Channel,
        Latest = channel.ChannelVersion,
        Clusters = channel.Clusters,
        Behind = channel.Behind,
        OldestLastSeen = channel.OldestLastSeen is { } oldest ? ChannelResources.Rfc3339(oldest) : null,
        Versions = channel.Versions,
        Members = channel.Members.Select(m => new FleetMember { Id = m.Cluster.ToString("D"), Version = m.Version, LastSeen = ChannelResources.Rfc3339(m.LastSeen) }).ToList(),
    };

    private static void AppendMoves(StringBuilder html, IReadOnlyList<ChannelHistoryEntry> moves)
    {
        html.Append("<ol class=\"moves\">");
        foreach (var move in moves)
        {
            html.Append($"<li data-reason=\"{move.Reason}\"><time>{ChannelResources.Rfc3339(move.Time)}</time> {WebUtility.HtmlEncode(move.From ?? "none")} \u2192 "
                        + $"{WebUtility.HtmlEncode(move.To ?? "none")} <span class=\"reason\">{move.Reason}</span></li>");
        }

        html.Append("</ol>\n");
    }

    /// <summary>Where the versions come from and how old they are: the first thing to know when one looks wrong.</summary>
    public static string ReleaseLine(PrefixReleaseStatus status, DateTimeOffset now)
    {
        if (status.Repository is null || !status.NeedsReleases)
        {
            return "Every channel here is pinned in the config; no release data is needed.";
        }

        var line = status.Data is { } data
            ? $"Releases of {status.Repository} from {data.Kind.WireName()} ({data.Location}), as of {data.AsOf.ToString("u", System.Globalization.CultureInfo.InvariantCulture)}, "
              + $"{Contracts.Versions.GoDuration.Format(TimeSpan.FromSeconds(Math.Floor(HealthEndpoints.AgeSeconds(data, now))))} old."
            : $"No release data for {status.Repository} yet: regexp channels answer 503.";
        return status.Error is null ? line : $"{line} The last refresh failed: {status.Error}";
    }

    public static byte[] Json(string title, string selfUrl, byte[] json) => End(Begin(title), selfUrl, json);

    private static StringBuilder Begin(string title)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
            .Append(WebUtility.HtmlEncode(title))
            .Append("</title><style>body{font-family:sans-serif;margin:1em;max-width:60em}td,th{padding:.2em 1em;text-align:left}pre{background:#f4f4f4;padding:1em;overflow-x:auto}.scroll{overflow-x:auto}.channel{border:1px solid #ccc;border-radius:.4em;padding:0 1em;margin:1em 0;overflow-wrap:anywhere}.channel h2{font-size:1.1em}.held{color:#a40}</style></head><body>\n")
            .Append("<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>\n");
        return html;
    }

    private static byte[] End(StringBuilder html, string selfUrl, byte[] json)
    {
        // Re-indented by the writer itself, not the serializer: no reflection, so it works in the native build.
        using var document = JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>(json.Length * 2);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            document.RootElement.WriteTo(writer);
        }

        var pretty = Encoding.UTF8.GetString(buffer.WrittenSpan);
        html.Append("<p>JSON: <a href=\"").Append(WebUtility.HtmlEncode(selfUrl)).Append("\">")
            .Append(WebUtility.HtmlEncode(selfUrl)).Append("</a></p>\n<pre>")
            .Append(WebUtility.HtmlEncode(pretty)).Append("</pre>\n</body></html>\n");
        return Encoding.UTF8.GetBytes(html.ToString());
    }
}
