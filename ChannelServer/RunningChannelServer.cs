namespace ChannelServer;

/// <summary>A started server; dispose to stop it.</summary>
public sealed class RunningChannelServer(WebApplication app, Uri url) : IAsyncDisposable
{
    /// <summary>The bound address, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Url { get; } = url;

    public IServiceProvider Services => app.Services;

    /// <summary>The --metrics-listen-address listener's bound address; null without that flag.</summary>
    public Uri? MetricsUrl => app.Services.GetRequiredService<Serving.MetricsListener>().Url;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
