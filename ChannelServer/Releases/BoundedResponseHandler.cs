namespace ChannelServer.Releases;

/// <summary>
/// Reads every GitHub answer into memory up to <see cref="MaxBytes"/> and no further: a hostile or broken
/// upstream cannot make the server buffer more than that per page.
/// </summary>
public sealed class BoundedResponseHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    /// <summary>16 MiB: a page of 100 real K3s releases, release notes and assets included, is well under 1 MiB.</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            if (response.Content.Headers.ContentLength > MaxBytes)
            {
                throw TooLarge(request, $"{response.Content.Headers.ContentLength} bytes announced");
            }

            await response.Content.LoadIntoBufferAsync(MaxBytes, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            response.Dispose();
            throw TooLarge(request, "more bytes sent");
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static ReleaseSourceException TooLarge(HttpRequestMessage request, string detail) =>
        new($"the answer of {request.RequestUri?.GetLeftPart(UriPartial.Path)} is over the limit of {MaxBytes} bytes a page ({detail})");
}
