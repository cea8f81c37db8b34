using Controller.Hosting;
using Controller.Kubernetes;
using Controller.Reconciliation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Controller;

/// <summary>
/// The controller in process, on a generic host composed by <see cref="UpgradeControllerServices.AddUpgradeController"/>
/// exactly as <c>Program</c> composes it: for end-to-end tests against the Sandbox, the benchmark and the demo.
/// Dispose to stop it; <see cref="Completion"/> ends when it stops (faulted if it lost leadership or a loop died).
/// </summary>
public sealed class ControllerHost : IAsyncDisposable
{
    private readonly IHost _host;
    private int _disposed;

    private ControllerHost(IHost host, Task completion)
    {
        _host = host;
        Completion = completion;
    }

    public ControllerOptions Options => _host.Services.GetRequiredService<ControllerOptions>();

    /// <summary>Every API request this instance made, by verb.</summary>
    public ApiRequestCounter Requests => _host.Services.GetRequiredService<ApiRequestCounter>();

    public string Identity => _host.Services.GetRequiredService<Leadership>().Identity;

    public PlanController Controller => _host.Services.GetRequiredService<PlanController>();

    public ChannelPoller Channels => _host.Services.GetRequiredService<ChannelPoller>();

    public ControllerMetrics Metrics => _host.Services.GetRequiredService<ControllerMetrics>();

    public Task Completion { get; }

    /// <summary>True while this instance holds the lease (always, once started, without leader election).</summary>
    public bool IsLeader => _host.Services.GetRequiredService<Leadership>().IsLeader;

    public static async Task<ControllerHost> StartAsync(
        ControllerOptions options,
        CancellationToken cancellationToken = default,
        ILoggerFactory? loggers = null,
        HttpMessageHandler? channelHandler = null,
        TimeProvider? time = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(loggers ?? NullLoggerFactory.Instance);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddUpgradeController(options, channelHandler);
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        var stopping = cancellationToken.Register(() => _ = host.StopAsync(CancellationToken.None));
        return new ControllerHost(host, CompleteAsync(host, stopping));
    }

    private static async Task CompleteAsync(IHost host, CancellationTokenRegistration stopping)
    {
        await host.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
        await stopping.DisposeAsync().ConfigureAwait(false);
        if (host.Services.GetRequiredService<ControllerFaults>().First is { } fault)
        {
            throw fault;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or LeadershipLostException)
        {
        }

        // The container disposes what it created: the controller, the poller, the client.
        _host.Dispose();
    }
}
