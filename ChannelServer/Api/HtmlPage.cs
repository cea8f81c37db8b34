using System.Net;
using System.Text;
using System.Text.Json;
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

    public static byte[] Channels(PrefixIndex prefix, string selfUrl, byte[] json, DateTimeOffset now)
    {
        var html = Begin($"/{prefix.Binding.PathPrefix}/channels");
        html.Append("<p>").Append(WebUtility.HtmlEncode(ReleaseLine(prefix.ReleaseStatus, now))).Append("</p>\n");
        html.Append("<table><tr><th>channel</th><th>version</th><th>latestRegexp</th><th>excludeRegexp</th></tr>\n");
        foreach (var channel in prefix.Channels)
        {
            var name = WebUtility.HtmlEncode(channel.Name);
            var version = channel.Location is null
                ? channel.Unavailable is null ? "<em>none</em>" : "<em>unavailable</em>"
                : $"<a href=\"{WebUtility.HtmlEncode(channel.Location)}\">{WebUtility.HtmlEncode(channel.Latest)}</a>";
            html.Append($"<tr><td>{name}</td><td>{version}</td><td><code>{WebUtility.HtmlEncode(channel.LatestRegexp)}</code></td>"
                        + $"<td><code>{WebUtility.HtmlEncode(channel.ExcludeRegexp)}</code></td></tr>\n");
        }

        html.Append("</table>\n");
        return End(html, selfUrl, json);
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
        html.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(title))
            .Append("</title><style>body{font-family:sans-serif;margin:2em}td,th{padding:.2em 1em;text-align:left}pre{background:#f4f4f4;padding:1em}</style></head><body>\n")
            .Append("<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>\n");
        return html;
    }

    private static byte[] End(StringBuilder html, string selfUrl, byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var pretty = JsonSerializer.Serialize(document.RootElement, new JsonSerializerOptions { WriteIndented = true });
        html.Append("<p>JSON: <a href=\"").Append(WebUtility.HtmlEncode(selfUrl)).Append("\">")
            .Append(WebUtility.HtmlEncode(selfUrl)).Append("</a></p>\n<pre>")
            .Append(WebUtility.HtmlEncode(pretty)).Append("</pre>\n</body></html>\n");
        return Encoding.UTF8.GetBytes(html.ToString());
    }
}
