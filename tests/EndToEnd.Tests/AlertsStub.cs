using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EndToEnd.Tests;

/// <summary>Prometheus' <c>GET /api/v1/alerts</c> on loopback, with the firing alerts a test sets.</summary>
public sealed class AlertsStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AlertsStub(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Names of the alerts answered as firing.</summary>
    public volatile string[] Firing = [];

    public static async Task<AlertsStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        AlertsStub? stub = null;
        app.MapGet("/api/v1/alerts", () => Results.Json(new
        {
            status = "success",
            data = new { alerts = stub!.Firing.Select(name => new { labels = new Dictionary<string, string> { ["alertname"] = name }, annotations = new { }, state = "firing", activeAt = "2026-12-02T03:00:00Z", value = "1e+00" }) },
        }));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub = new AlertsStub(app, new Uri(address.TrimEnd('/') + "/"));
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
