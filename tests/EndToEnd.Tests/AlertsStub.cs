using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TestSupport;
using Microsoft.Extensions.Logging;

namespace EndToEnd.Tests;

/// <summary>Prometheus' <c>GET /api/v1/alerts</c> on loopback, with the firing alerts a test sets.</summary>
public sealed class AlertsStub : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private AlertsStub(LoopbackServer server)
    {
        _server = server;
        Url = server.Url;
    }

    public Uri Url { get; }

    /// <summary>Names of the alerts answered as firing.</summary>
    public volatile string[] Firing = [];

    public static async Task<AlertsStub> StartAsync()
    {
        AlertsStub? stub = null;
        var server = await LoopbackServer.StartAsync(app => app.MapGet("/api/v1/alerts", () => Results.Json(new
        {
            status = "success",
            data = new { alerts = stub!.Firing.Select(name => new { labels = new Dictionary<string, string> { ["alertname"] = name }, annotations = new { }, state = "firing", activeAt = "2026-12-02T03:00:00Z", value = "1e+00" }) },
        })), LogLevel.Warning);
        stub = new AlertsStub(server);
        return stub;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
