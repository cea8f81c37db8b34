using System.Collections.Concurrent;
using System.Globalization;
using ChannelServer.Configuration;
using ChannelServer.Serving;
using Microsoft.Extensions.Caching.Memory;
using Octokit;
using Octokit.Internal;

namespace ChannelServer.Releases;

/// <summary>
/// Lists every release of a repository through Octokit, page after page, with conditional requests.
/// GitHub lists the newest releases first, so a new release always changes the first page: with a full list
/// in hand, a refresh asks for the first page only (a 304 when nothing changed) and reads the rest only when
/// that page changed. Edits deep in the list (an old release's prerelease flag, a deletion) do not touch the
/// first page; a full read at least every <see cref="FullListMaxAge"/> takes them in.
/// </summary>
public sealed class GitHubReleaseClient : IDisposable
{
    public static readonly TimeSpan FullListMaxAge = TimeSpan.FromHours(1);

    private const int PageSize = 100;
    private readonly ConcurrentDictionary<Uri, ApiConnection> _clients = new();
    private readonly ConcurrentDictionary<string, FullList> _lists = new(StringComparer.Ordinal);
    private readonly IMemoryCache? _cache;
    private readonly ChannelServerMetrics? _metrics;
    private readonly TimeProvider _time;
    private readonly string? _token;
    private readonly GitHubAppCredentials? _app;
    private readonly TimeSpan _timeout;
    private readonly List<IHttpClient> _httpClients = [];

    /// <param name="cache">ETag page cache; null sends plain requests and always reads every page (the export command)</param>
    /// <param name="app">GitHub App installation to authenticate as; ignored when a token is given (as the reference)</param>
    public GitHubReleaseClient(string? token, TimeSpan timeout, IMemoryCache? cache = null, ChannelServerMetrics? metrics = null, TimeProvider? time = null,
        GitHubAppCredentials? app = null)
    {
        _token = token;
        _app = token is null ? app : null;
        _timeout = timeout;
        _cache = cache;
        _metrics = metrics;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// The REST base: github.com (or none) means api.github.com; any other host is GitHub Enterprise or a
    /// mirror, whose API lives at <c>&lt;api&gt;/api/v3/</c>.
    /// </summary>
    public static Uri ApiBase(string? api)
    {
        if (string.IsNullOrWhiteSpace(api))
        {
            return GitHubClient.GitHubApiUrl;
        }

        if (!Uri.TryCreate(api, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ReleaseSourceException($"github.api '{api}' is not an http(s) URL");
        }

        if (uri.Host is "github.com" or "api.github.com")
        {
            return GitHubClient.GitHubApiUrl;
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/api/v3", StringComparison.OrdinalIgnoreCase))
        {
            path += "/api/v3";
        }

        return new UriBuilder(uri) { Path = path + "/", Query = string.Empty, Fragment = string.Empty }.Uri;
    }

    public async Task<IReadOnlyList<GitHubRelease>> ListAsync(GitHubRepository repository, CancellationToken cancellationToken)
    {
        var apiBase = ApiBase(repository.Api);
        var client = ClientFor(apiBase);
        var key = $"{apiBase.AbsoluteUri}|{repository.Owner}/{repository.Repo}";
        var now = _time.GetUtcNow();
        if (_cache is not null && _lists.TryGetValue(key, out var known) && now - known.ReadAt < FullListMaxAge)
        {
            var head = await FetchAsync(client, repository, new ApiOptions { PageSize = PageSize, PageCount = 1, StartPage = 1 }, cancellationToken).ConfigureAwait(false);
            if (head.Count == Math.Min(PageSize, known.Releases.Count) && head.SequenceEqual(known.Releases.Take(head.Count)))
            {
                return known.Releases;
            }
        }

        // StartPage as in the first-page request, so both are the same URL and share its ETag.
        var all = await FetchAsync(client, repository, new ApiOptions { PageSize = PageSize, StartPage = 1 }, cancellationToken).ConfigureAwait(false);
        if (_cache is not null)
        {
            _lists[key] = new FullList(all, now);
        }

        return all;
    }

    private static async Task<IReadOnlyList<GitHubRelease>> FetchAsync(ApiConnection client, GitHubRepository repository, ApiOptions options, CancellationToken cancellationToken)
    {
        IReadOnlyList<GitHubRelease> releases;
        using var scope = PagingScope.Begin();
        try
        {
            // The releases endpoint through Octokit's paging, read into our own type (ReleaseListJsonSerializer).
            releases = await client
                .GetAll<GitHubRelease>(ApiUrls.Releases(repository.Owner, repository.Repo), null, options)
                .WaitAsync(cancellationToken)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ReleaseSourceException e)
        {
            // The guards' own refusals (foreign origin, repeated page, size, shape) already say what is wrong.
            throw new ReleaseSourceException($"GitHub's answer for {repository} is refused: {e.Message}", e);
        }
        catch (RateLimitExceededException e)
        {
            throw new ReleaseSourceException(
                $"GitHub rate limit reached for {repository} ({e.Remaining}/{e.Limit} left, resets {e.Reset.ToString("u", CultureInfo.InvariantCulture)})", e);
        }
        catch (SecondaryRateLimitExceededException e)
        {
            throw new ReleaseSourceException($"GitHub secondary rate limit reached for {repository}: {e.Message}", e);
        }
        catch (ApiException e)
        {
            var retryAfter = e.HttpResponse?.Headers.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value;
            var detail = retryAfter is null ? string.Empty : $", retry after {retryAfter} s";
            throw new ReleaseSourceException($"GitHub answered {(int)e.StatusCode} for {repository}: {e.Message}{detail}", e);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or TimeoutException)
        {
            throw new ReleaseSourceException($"GitHub could not be reached for {repository}: {e.Message}", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Octokit's deserializer throws assorted types on a malformed answer.
            throw new ReleaseSourceException($"GitHub's answer for {repository} could not be read: {e.GetType().Name}: {e.Message}", e);
        }

        // GitHub always lists assets; a mirror that leaves them out has none.
        return releases.Select(r => r with { TagName = r.TagName ?? string.Empty, Assets = r.Assets ?? [] }).ToList();
    }

    private ApiConnection ClientFor(Uri apiBase) =>
        _clients.GetOrAdd(apiBase, baseUri =>
        {
            // Redirects are Octokit's to follow (as its own default handler leaves them), so that the origin
            // check below it sees each hop.
            IHttpClient http = new HttpClientAdapter(() => new SameOriginHandler(baseUri, new BoundedResponseHandler(
                new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })));
            if (_cache is not null && _metrics is not null)
            {
                http = new ConditionalRequestHttpClient(http, _cache, _metrics);
            }

            http = new PagingGuardHttpClient(http, baseUri);
            lock (_httpClients)
            {
                _httpClients.Add(http);
            }

            GitHubClient With(ICredentialStore credentials)
            {
                var connection = new Connection(new ProductHeaderValue("k3s-channel-server"), baseUri, credentials, http, new ReleaseListJsonSerializer());
                connection.SetRequestTimeout(_timeout);
                return new GitHubClient(connection);
            }

            ICredentialStore store = _app is not null
                ? new GitHubAppCredentialStore(_app, credentials => With(new InMemoryCredentialStore(credentials)), _time)
                : new InMemoryCredentialStore(_token is null ? Credentials.Anonymous : new Credentials(_token));
            return new ApiConnection(With(store).Connection);
        });

    private sealed record FullList(IReadOnlyList<GitHubRelease> Releases, DateTimeOffset ReadAt);

    public void Dispose()
    {
        lock (_httpClients)
        {
            foreach (var client in _httpClients)
            {
                client.Dispose();
            }

            _httpClients.Clear();
        }
    }
}
