using Controller.Reconciliation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Controller.Hosting;

/// <summary>Reads Prometheus' alerts for the alert gate (only with <c>--prometheus-url</c>).</summary>
public sealed class AlertWatchService(AlertWatcher watcher, IHostApplicationLifetime lifetime, ControllerFaults faults, ILogger<AlertWatchService> logger)
    : CriticalBackgroundService(lifetime, faults, logger)
{
    protected override Task RunAsync(CancellationToken stoppingToken) => watcher.RunAsync(stoppingToken);
}
