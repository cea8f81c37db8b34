using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TestSupport;

namespace ChannelServer.Tests.Infrastructure;

/// <summary>
/// A GitHub (Enterprise-style, under /api/v3) speaking the REST format the channel server reads:
/// <c>GET /api/v3/repos/{owner}/{repo}/releases</c> with per_page/page, absolute Link headers, ETags and
/// 304s, rate-limit headers and switchable failures. It also serves release pages (for following a
/// channel redirect) and arbitrary files under /files/ (for config sources over HTTP).
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private readonly ConcurrentDictionary<string, JsonElement[]> _releases = new(StringComparer.OrdinalIgnoreCase);
    private int _remaining = 5000;
    private int _listRequests;
    private int _notModified;

    private FakeGitHub(LoopbackServer server)
    {
        _server = server;
        Url = server.Url;
    }

    public Uri Url { get; }
    public volatile GitHubFailure Failure;
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(5);
    public ConcurrentDictionary<string, (int Status, string Body)> Files { get; } = new(StringComparer.Ordinal);
    public ConcurrentQueue<string> Authorizations { get; } = new();

    /// <summary>Where <see cref="GitHubFailure.ForeignNext"/> points.</summary>
    public Uri? ForeignNext { get; set; }

    /// <summary>Set: the App whose JWTs (signed with this key, issuer <see cref="AppId"/>) get installation tokens.</summary>
    public System.Security.Cryptography.RSA? AppKey { get; set; }
    public long AppId { get; set; }
    public ConcurrentQueue<long> InstallationTokenRequests { get; } = new();
    public const string InstallationToken = "ghs_fake_installation_token";

    /// <summary>Release-list requests received (any answer, 304s included).</summary>
    public int ListRequests => Volatile.Read(ref _listRequests);
    public int NotModified => Volatile.Read(ref _notModified);

    public static async Task<FakeGitHub> StartAsync()
    {
        FakeGitHub? self = null;
        var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/api/v3/repos/{owner}/{repo}/releases", (HttpContext context, string owner, string repo) => self!.ListAsync(context, owner, repo));
            app.MapPost("/api/v3/app/installations/{id:long}/access_tokens", (HttpContext context, long id) => self!.InstallationTokenAsync(context, id));
            app.MapGet("/{owner}/{repo}/releases/tag/{tag}", (string owner, string repo, string tag) =>
                Results.Text($"release page of {owner}/{repo} {tag}\n", "text/html"));
            app.MapGet("/files/{name}", (string name) =>
                self!.Files.TryGetValue(name, out var file) ? Results.Text(file.Body, "text/plain", null, file.Status) : Results.NotFound());
        });
        self = new FakeGitHub(server);
        return self;
    }

    public void SetReleases(string owner, string repo, string jsonArray)
    {
        using var document = JsonDocument.Parse(jsonArray);
        _releases[$"{owner}/{repo}"] = document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    public void SetReleases(string owner, string repo, params (string Tag, bool Prerelease)[] releases) =>
        SetReleases(owner, repo, JsonSerializer.Serialize(releases.Select((r, i) => new Dictionary<string, object>
        {
            ["id"] = 1000 - i,
            ["tag_name"] = r.Tag,
            ["name"] = r.Tag,
            ["draft"] = false,
            ["prerelease"] = r.Prerelease,
            ["created_at"] = "2024-01-01T00:00:00Z",
            ["published_at"] = "2024-01-01T00:00:00Z",
        })));

    public string FileUrl(string name) => new Uri(Url, "files/" + name).ToString();

    private async Task ListAsync(HttpContext context, string owner, string repo)
    {
        Interlocked.Increment(ref _listRequests);
        var request = context.Request;
        var response = context.Response;
        if (request.Headers.Authorization.Count > 0)
        {
            Authorizations.Enqueue(request.Headers.Authorization.ToString());
        }

        response.Headers["X-RateLimit-Limit"] = "5000";
        response.Headers["X-RateLimit-Reset"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        switch (Failure)
        {
            case GitHubFailure.Unavailable503:
                response.Headers["X-RateLimit-Remaining"] = Volatile.Read(ref _remaining).ToString(CultureInfo.InvariantCulture);
                await Json(response, 503, "{\"message\":\"Service Unavailable\"}");
                return;
            case GitHubFailure.RateLimited403:
                response.Headers["X-RateLimit-Remaining"] = "0";
                await Json(response, 403, "{\"message\":\"API rate limit exceeded for 127.0.0.1.\",\"documentation_url\":\"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting\"}");
                return;
            case GitHubFailure.TooManyRequests429:
                response.Headers["Retry-After"] = "60";
                await Json(response, 429, "{\"message\":\"You have exceeded a secondary rate limit.\"}");
                return;
            case GitHubFailure.ForeignRedirect:
                response.Headers.Location = new Uri(ForeignNext!, $"api/v3/repos/{owner}/{repo}/releases{request.QueryString}").ToString();
                response.StatusCode = 302;
                return;
            case GitHubFailure.Slow:
                await Task.Delay(SlowDelay, context.RequestAborted);
                break;
        }

        if (!_releases.TryGetValue($"{owner}/{repo}", out var all))
        {
            await Json(response, 404, "{\"message\":\"Not Found\"}");
            return;
        }

        var perPage = Math.Clamp(int.TryParse(request.Query["per_page"], out var pp) ? pp : 30, 1, 100);
        var page = Math.Max(1, int.TryParse(request.Query["page"], out var p) ? p : 1);
        var lastPage = Math.Max(1, (all.Length + perPage - 1) / perPage);
        var body = Failure switch
        {
            GitHubFailure.MalformedJson => "[{\"tag_name\": \"v1.2",
            GitHubFailure.WrongShape => "{\"message\":\"Moved to a new home\",\"documentation_url\":\"https://docs.github.com/rest\"}",
            GitHubFailure.EmptyList => "[]",
            GitHubFailure.ShrunkList => JsonSerializer.Serialize(all.Take(1)),
            GitHubFailure.OversizedPage => "[{\"tag_name\":\"v1.0.0\",\"body\":\"" + new string('x', 17 * 1024 * 1024) + "\"}]",
            _ => JsonSerializer.Serialize(all.Skip((page - 1) * perPage).Take(perPage)),
        };

        var links = new List<string>();
        var baseUrl = $"{request.Scheme}://{request.Host}{request.Path}";
        if (Failure == GitHubFailure.SelfNext)
        {
            links.Add($"<{baseUrl}{request.QueryString}>; rel=\"next\"");
        }
        else if (Failure == GitHubFailure.ForeignNext && page == 1)
        {
            links.Add($"<{new Uri(ForeignNext!, $"api/v3/repos/{owner}/{repo}/releases?per_page={perPage}&page=2")}>; rel=\"next\"");
        }
        else if (page < lastPage)
        {
            links.Add($"<{baseUrl}?per_page={perPage}&page={page + 1}>; rel=\"next\"");
            links.Add($"<{baseUrl}?per_page={perPage}&page={lastPage}>; rel=\"last\"");
        }

        if (page > 1)
        {
            links.Add($"<{baseUrl}?per_page={perPage}&page=1>; rel=\"first\"");
            links.Add($"<{baseUrl}?per_page={perPage}&page={page - 1}>; rel=\"prev\"");
        }

        if (links.Count > 0)
        {
            response.Headers["Link"] = string.Join(", ", links);
        }

        // Over the body and the links: a page whose next link changed is a changed page.
        var etag = "\"" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body + string.Join(",", links) + (Failure == GitHubFailure.BinaryContentType ? "binary" : ""))))[..32].ToLowerInvariant() + "\"";
        response.Headers.ETag = etag;
        if (request.Headers.IfNoneMatch.ToString() == etag)
        {
            // GitHub does not count a 304 against the rate limit.
            Interlocked.Increment(ref _notModified);
            response.Headers["X-RateLimit-Remaining"] = Volatile.Read(ref _remaining).ToString(CultureInfo.InvariantCulture);
            response.StatusCode = 304;
            return;
        }

        response.Headers["X-RateLimit-Remaining"] = Interlocked.Decrement(ref _remaining).ToString(CultureInfo.InvariantCulture);
        if (Failure == GitHubFailure.BinaryContentType)
        {
            response.ContentType = "application/octet-stream";
            await response.WriteAsync(body);
            return;
        }

        await Json(response, 200, body);
    }

    // GitHub's installation token endpoint: the App's JWT (RS256, iss = App ID) in, a token valid for an hour out.
    private async Task InstallationTokenAsync(HttpContext context, long installationId)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var jwt = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : string.Empty;
        var parts = jwt.Split('.');
        if (AppKey is null || parts.Length != 3 || !AppKey.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"),
                System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            await Json(context.Response, 401, "{\"message\":\"A JSON web token could not be decoded\"}");
            return;
        }

        using var payload = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (payload.RootElement.GetProperty("iss").GetString() != AppId.ToString(CultureInfo.InvariantCulture)
            || payload.RootElement.GetProperty("exp").GetInt64() <= now || payload.RootElement.GetProperty("iat").GetInt64() > now)
        {
            await Json(context.Response, 401, "{\"message\":\"'Issuer' claim or expiry is wrong\"}");
            return;
        }

        InstallationTokenRequests.Enqueue(installationId);
        await Json(context.Response, 201, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["token"] = InstallationToken,
            ["expires_at"] = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        }));
    }

    private static Task Json(HttpResponse response, int status, string body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        return response.WriteAsync(body);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
