using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Controller.Hosting;

/// <summary>
/// Holds the Lease <c>namespace/name</c> (with <c>--leader-elect</c>) and grants <see cref="Leadership"/> while it
/// does. Losing the lease ends this loop with <see cref="LeadershipLostException"/>, which stops the host.
/// </summary>
public sealed partial class LeaderElectionService(
    ControllerOptions options,
    IKubernetes client,
    Leadership leadership,
    IHostApplicationLifetime lifetime,
    ControllerFaults faults,
    ILogger<LeaderElectionService> logger) : CriticalBackgroundService(lifetime, faults, logger)
{
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        if (!options.LeaderElect)
        {
            leadership.Acquire(CancellationToken.None);
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
            return;
        }

        var config = new LeaderElectionConfig(new LeaseLock(client, options.Namespace, options.Name, leadership.Identity))
        {
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.RenewDeadline,
            RetryPeriod = options.RetryPeriod,
        };
        using var elector = new LeaderElector(config);
        using var leading = new CancellationTokenSource();
        elector.OnStartedLeading += () =>
        {
            LogLeading(logger, leadership.Identity, options.Namespace, options.Name);
            leadership.Acquire(leading.Token);
        };
        elector.OnError += e => LogElectionError(logger, e);
        elector.OnNewLeader += leader => LogNewLeader(logger, leader, options.Namespace, options.Name);
        try
        {
            await elector.RunUntilLeadershipLostAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            leadership.Lose();
            await leading.CancelAsync().ConfigureAwait(false);
        }

        if (!stoppingToken.IsCancellationRequested)
        {
            throw new LeadershipLostException($"{leadership.Identity} lost the lease {options.Namespace}/{options.Name}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} leads: holding Lease {Namespace}/{Name}")]
    private static partial void LogLeading(ILogger logger, string identity, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Leader} holds Lease {Namespace}/{Name}")]
    private static partial void LogNewLeader(ILogger logger, string leader, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leader election error")]
    private static partial void LogElectionError(ILogger logger, Exception exception);
}
