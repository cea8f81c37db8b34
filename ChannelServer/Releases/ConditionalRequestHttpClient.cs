using System.Globalization;
using System.Net;
using ChannelServer.Serving;
using Microsoft.Extensions.Caching.Memory;
using Octokit;
using Octokit.Internal;

namespace ChannelServer.Releases;

/// <summary>
/// Sits between Octokit and the network: every GET carries the ETag of the page last seen at that URL
/// (<c>If-None-Match</c>), and a <c>304 Not Modified</c> is answered to Octokit with the cached page, so
/// paging goes on as usual while GitHub does not count the request against the rate limit.
/// </summary>
public sealed class ConditionalRequestHttpClient(IHttpClient inner, IMemoryCache cache, ChannelServerMetrics metrics) : IHttpClient
{
    private static readonly TimeSpan KeepPagesFor = TimeSpan.FromDays(1);

    public async Task<IResponse> Send(IRequest request, CancellationToken cancellationToken, Func<object, object>? preprocessResponseBody = null)
    {
        var key = request.Method == HttpMethod.Get ? CacheKey(request) : null;
        CachedPage? cached = null;
        if (key is not null && cache.TryGetValue(key, out cached) && cached is not null)
        {
            request.Headers["If-None-Match"] = cached.ETag;
        }

        var response = await inner.Send(request, cancellationToken, preprocessResponseBody!).ConfigureAwait(false);
        metrics.GitHubRequests.WithLabels(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)).Inc();
        if (Header(response.Headers, "X-RateLimit-Remaining") is { } remaining
            && double.TryParse(remaining, NumberStyles.Float, CultureInfo.InvariantCulture, out var left))
        {
            metrics.GitHubRateLimitRemaining.Set(left);
        }

        if (response.StatusCode == HttpStatusCode.NotModified && cached is not null)
        {
            // The cached 200 (body, Link header for paging) stands in for the 304; its rate-limit numbers
            // are old, but the fresh ones were recorded above.
            return cached.Response;
        }

        if (key is not null && response.StatusCode == HttpStatusCode.OK && Header(response.Headers, "ETag") is { Length: > 0 } etag
            && response.Body is string)
        {
            cache.Set(key, new CachedPage(etag, response), KeepPagesFor);
        }

        return response;
    }

    public void SetRequestTimeout(TimeSpan timeout) => inner.SetRequestTimeout(timeout);

    public void Dispose() => inner.Dispose();

    private static string CacheKey(IRequest request)
    {
        var uri = request.BaseAddress is null ? request.Endpoint : new Uri(request.BaseAddress, request.Endpoint);
        var key = "github-page:" + uri.AbsoluteUri;
        if (request.Parameters.Count > 0)
        {
            key += "|" + string.Join("&", request.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        }

        return key;
    }

    private static string? Header(IReadOnlyDictionary<string, string> headers, string name)
    {
        foreach (var (key, value) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private sealed record CachedPage(string ETag, IResponse Response);
}
