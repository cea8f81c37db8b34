using Microsoft.AspNetCore.Http;

namespace ChannelServer.Api;

/// <summary>
/// The scheme, host and URL prefix under which the client reached us, for self links: host from
/// X-API-Host, else the first X-Forwarded-Host, else Host, else (an HTTP/1.0 request without one)
/// localhost; scheme from X-Forwarded-Proto when it is http or https (anything else, <c>javascript</c>
/// say, would become the scheme of every link on the HTML page), else https under TLS, else http;
/// X-API-URL-Prefix goes in front of the path.
/// </summary>
public static class RequestBaseUrl
{
    public static string Of(HttpRequest request)
    {
        var host = First(request.Headers["X-API-Host"]) ?? First(request.Headers["X-Forwarded-Host"])
            ?? (request.Host.HasValue && request.Host.Value.Length > 0 ? request.Host.Value : "localhost");
        var scheme = First(request.Headers["X-Forwarded-Proto"]) switch
        {
            { } proto when proto.Equals("https", StringComparison.OrdinalIgnoreCase) => "https",
            { } proto when proto.Equals("http", StringComparison.OrdinalIgnoreCase) => "http",
            _ => request.IsHttps ? "https" : "http",
        };
        var prefix = First(request.Headers["X-API-URL-Prefix"])?.TrimEnd('/') ?? string.Empty;
        if (prefix.Length > 0 && !prefix.StartsWith('/'))
        {
            prefix = "/" + prefix;
        }

        return $"{scheme}://{host}{prefix}";
    }

    private static string? First(Microsoft.Extensions.Primitives.StringValues values)
    {
        var value = values.Count == 0 ? null : values[0];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var comma = value.IndexOf(',', StringComparison.Ordinal);
        var first = (comma >= 0 ? value[..comma] : value).Trim();
        return first.Length == 0 ? null : first;
    }
}
