using Controller.Kubernetes;
using Controller.Reconciliation;
using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Controller;

/// <summary>
/// The controller, runnable in process: by <c>Program</c>, by end-to-end tests against the Sandbox and by
/// the demo. Dispose to stop it; <see cref="Completion"/> ends when it stops (faulted if it lost leadership
/// or a loop died).
/// </summary>
public sealed partial class ControllerHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly k8s.Kubernetes _client;
    private readonly ChannelPoller _channels;
    private readonly ILogger _logger;

    private ControllerHost(ControllerOptions options, ILoggerFactory loggers, HttpMessageHandler? channelHandler, TimeProvider time, CancellationToken cancellationToken)
    {
        Options = options;
        _logger = loggers.CreateLogger<ControllerHost>();
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var config = KubeConfig.Build(options);
        // Until response headers: a watch's stream is not cut by it, but a hung call cannot stall a Plan's worker forever.
        config.HttpClientTimeout = options.RequestTimeout;
        _client = new k8s.Kubernetes(config, Requests);
        Identity = $"{options.NodeName ?? Environment.MachineName}_{Guid.NewGuid():N}"[..Math.Min(63, (options.NodeName ?? Environment.MachineName).Length + 33)];
        var api = new ClusterApi(_client, options.Namespace) { WatchTimeoutSeconds = options.WatchTimeoutSeconds };
        _channels = new ChannelPoller(channelHandler ?? ChannelPoller.DefaultHandler(), options.EffectivePollingInterval, time, loggers.CreateLogger<ChannelPoller>());
        Controller = new PlanController(options.Settings, api, _channels, time, loggers, options.Threads, options.NodeName);
        Completion = Task.Run(() => RunAsync(_stop.Token));
    }

    public ControllerOptions Options { get; }

    /// <summary>Every API request this instance made, by verb.</summary>
    public ApiRequestCounter Requests { get; } = new();

    public string Identity { get; }

    public PlanController Controller { get; }

    public ChannelPoller Channels => _channels;

    public Task Completion { get; }

    /// <summary>True once this instance holds the lease (always true without leader election, once started).</summary>
    public bool IsLeader { get; private set; }

    public static Task<ControllerHost> StartAsync(
        ControllerOptions options,
        CancellationToken cancellationToken = default,
        ILoggerFactory? loggers = null,
        HttpMessageHandler? channelHandler = null,
        TimeProvider? time = null) =>
        Task.FromResult(new ControllerHost(options, loggers ?? NullLoggerFactory.Instance, channelHandler, time ?? TimeProvider.System, cancellationToken));

    private async Task RunAsync(CancellationToken ct)
    {
        if (!Options.LeaderElect)
        {
            IsLeader = true;
            await Controller.RunAsync(ct).ConfigureAwait(false);
            return;
        }

        var config = new LeaderElectionConfig(new LeaseLock(_client, Options.Namespace, Options.Name, Identity))
        {
            LeaseDuration = Options.LeaseDuration,
            RenewDeadline = Options.RenewDeadline,
            RetryPeriod = Options.RetryPeriod,
        };
        using var elector = new LeaderElector(config);
        var leading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        elector.OnStartedLeading += () => leading.TrySetResult();
        elector.OnError += e => LogElectionError(_logger, e);
        elector.OnNewLeader += leader => LogNewLeader(_logger, leader, Options.Namespace, Options.Name);
        var election = elector.RunUntilLeadershipLostAsync(ct);
        if (await Task.WhenAny(leading.Task, election).ConfigureAwait(false) != leading.Task)
        {
            await election.ConfigureAwait(false);
            return;
        }

        IsLeader = true;
        LogLeading(_logger, Identity, Options.Namespace, Options.Name);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var controller = Controller.RunAsync(work.Token);
        await Task.WhenAny(election, controller).ConfigureAwait(false);
        IsLeader = false;
        await work.CancelAsync().ConfigureAwait(false);
        await controller.ConfigureAwait(false);
        if (!ct.IsCancellationRequested)
        {
            // As the reference does: a controller that lost its lease stops, and is restarted fresh.
            throw new LeadershipLostException($"{Identity} lost the lease {Options.Namespace}/{Options.Name}");
        }
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or LeadershipLostException)
        {
        }

        Controller.Dispose();
        _channels.Dispose();
        _client.Dispose();
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} leads: holding Lease {Namespace}/{Name}")]
    private static partial void LogLeading(ILogger logger, string identity, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Leader} holds Lease {Namespace}/{Name}")]
    private static partial void LogNewLeader(ILogger logger, string leader, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leader election error")]
    private static partial void LogElectionError(ILogger logger, Exception exception);
}

public sealed class LeadershipLostException(string message) : Exception(message);
