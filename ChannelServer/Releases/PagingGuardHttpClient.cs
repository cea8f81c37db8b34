using System.Net;
using Octokit;
using Octokit.Internal;

namespace ChannelServer.Releases;

/// <summary>
/// Sits between Octokit and the network and holds each request to the rules of a safe listing: only the
/// API's own origin (scheme, host, port) is asked, so a <c>next</c> link naming another server is an
/// error and the token never goes there; a page already read is not asked again; at most
/// <see cref="PagingScope.MaxPages"/> pages. Every 200 page of releases must have a release list's shape
/// (<see cref="ReleaseListShape"/>) before Octokit reads it.
/// </summary>
public sealed class PagingGuardHttpClient(IHttpClient inner, Uri apiBase) : IHttpClient
{
    public async Task<IResponse> Send(IRequest request, CancellationToken cancellationToken, Func<object, object>? preprocessResponseBody = null)
    {
        var uri = request.BaseAddress is null ? request.Endpoint : new Uri(request.BaseAddress, request.Endpoint);
        if (!SameOrigin(uri, apiBase))
        {
            throw new ReleaseSourceException(
                $"the next link {uri.GetLeftPart(UriPartial.Path)} leaves the API's origin {apiBase.GetLeftPart(UriPartial.Authority)}; not followed");
        }

        var isReleaseList = request.Method == HttpMethod.Get && uri.AbsolutePath.EndsWith("/releases", StringComparison.Ordinal);
        if (isReleaseList && PagingScope.Current?.Visit(WithParameters(uri, request.Parameters)) is { } problem)
        {
            throw new ReleaseSourceException($"{apiBase.GetLeftPart(UriPartial.Authority)}: {problem}");
        }

        var response = await inner.Send(request, cancellationToken, preprocessResponseBody!).ConfigureAwait(false);
        if (isReleaseList && response.StatusCode == HttpStatusCode.OK)
        {
            // Octokit hands a binary content type (application/octet-stream) over as bytes and then reads no
            // releases from it at all: an empty list that is not one.
            var wrong = response.Body is string body
                ? ReleaseListShape.Problem(body)
                : $"a body of Content-Type {response.ContentType ?? "(none)"}, not JSON";
            if (wrong is not null)
            {
                throw new ReleaseSourceException($"{uri.GetLeftPart(UriPartial.Path)} answered 200 with {wrong}");
            }
        }

        return response;
    }

    public void SetRequestTimeout(TimeSpan timeout) => inner.SetRequestTimeout(timeout);

    public void Dispose() => inner.Dispose();

    public static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    // Octokit passes the first page's query as parameters and a next link's inside the URI, in any order:
    // one page, one key, with the query's pairs sorted.
    private static Uri WithParameters(Uri uri, IDictionary<string, string> parameters)
    {
        var pairs = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Concat(parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"))
            .Order(StringComparer.Ordinal);
        return new UriBuilder(uri) { Query = string.Join("&", pairs) }.Uri;
    }
}
