using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TestSupport;
using Microsoft.Extensions.Logging;

namespace EndToEnd.Tests;

/// <summary>A tiny channel server on loopback, answering like update.k3s.io (302 to a release) or failing on demand.</summary>
public sealed class ChannelStub : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private ChannelStub(LoopbackServer server)
    {
        _server = server;
        BaseUrl = server.Url.ToString().TrimEnd('/');
    }

    public string BaseUrl { get; }
    public string ChannelUrl => $"{BaseUrl}/v1-release/channels/stable";

    /// <summary><c>redirect</c> (302 to <see cref="Version"/>), <c>404</c>, <c>500</c> or <c>garbage</c> (200 with HTML).</summary>
    public volatile string Mode = "redirect";
    public volatile string Version = "v1.32.4+k3s1";
    public ConcurrentQueue<(string ClusterId, string LatestVersion, DateTime At)> Requests { get; } = new();

    public static async Task<ChannelStub> StartAsync()
    {
        ChannelStub? stub = null;
        var server = await LoopbackServer.StartAsync(app => app.MapGet("/v1-release/channels/stable", (HttpContext ctx) =>
        {
            stub!.Requests.Enqueue((ctx.Request.Headers["X-SUC-Cluster-ID"].ToString(), ctx.Request.Headers["X-SUC-Latest-Version"].ToString(), DateTime.UtcNow));
            return stub.Mode switch
            {
                "redirect" => Results.Redirect($"/k3s-io/k3s/releases/tag/{stub.Version}"),
                "404" => Results.NotFound(),
                "500" => Results.StatusCode(500),
                _ => Results.Content("<html>maintenance</html>", "text/html"),
            };
        }), LogLevel.Warning);
        stub = new ChannelStub(server);
        return stub;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
