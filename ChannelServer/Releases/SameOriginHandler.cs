namespace ChannelServer.Releases;

/// <summary>
/// Below Octokit's redirect handling, so it sees every hop: a request to any origin but the API's (a
/// redirect to another host or port) is refused before it is sent, and the token with it. Octokit only
/// drops the token when the host changes, not the port or the scheme.
/// </summary>
public sealed class SameOriginHandler(Uri apiBase, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is not { } uri || !PagingGuardHttpClient.SameOrigin(uri, apiBase))
        {
            throw new ReleaseSourceException(
                $"a request to {request.RequestUri?.GetLeftPart(UriPartial.Path)} (a redirect?) leaves the API's origin {apiBase.GetLeftPart(UriPartial.Authority)}; not sent");
        }

        return base.SendAsync(request, cancellationToken);
    }
}
