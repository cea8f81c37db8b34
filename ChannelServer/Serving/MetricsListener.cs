using ChannelServer.Api;
using ChannelServer.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Prometheus;

namespace ChannelServer.Serving;

/// <summary>
/// With <c>--metrics-listen-address</c>, <c>/metrics</c> and <c>/livez</c> get a listener of their own (as the
/// reference does), so the API's port can be public while the operational one stays inside. It is a second
/// Kestrel host over the same metrics, index and clock; the main listener then serves neither path.
/// </summary>
public sealed class MetricsListener(ServerOptions options, ChannelServerMetrics metrics, ChannelIndexHolder holder, TimeProvider time, ILogger<MetricsListener> logger)
    : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The bound address once started (port 0 resolved); null without the flag.</summary>
    public Uri? Url { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.MetricsListenAddress is not { } address)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(ChannelServerHost.ListenUrl(address));
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(holder);
        builder.Services.AddSingleton(time);
        var app = builder.Build();
        app.MapMetrics("/metrics", metrics.Registry);
        app.MapLiveness();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        Log.MetricsListening(logger, bound);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
    }
}
