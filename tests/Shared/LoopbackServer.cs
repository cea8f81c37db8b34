using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TestSupport;

/// <summary>
/// A small Kestrel server on 127.0.0.1 with a port the system picks, for the fake servers tests talk HTTP to
/// (a fake GitHub, a channel stub, Prometheus' alerts). Port 0 rather than <see cref="FreePort"/>: Kestrel binds
/// the port it reports, so two tests can never race for the same one.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The base address, ending in a slash so relative URIs resolve under it.</summary>
    public Uri Url { get; }

    /// <param name="map">Adds the routes (or a terminal handler) the fake answers.</param>
    /// <param name="minimumLevel">
    /// What the server itself logs to the console; <see cref="LogLevel.None"/> (the default) logs nothing, for the
    /// fakes whose requests are the test's business and would only add noise.
    /// </param>
    public static async Task<LoopbackServer> StartAsync(Action<WebApplication> map, LogLevel minimumLevel = LogLevel.None)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (minimumLevel == LogLevel.None)
        {
            builder.Logging.ClearProviders();
        }
        else
        {
            builder.Logging.SetMinimumLevel(minimumLevel);
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
