using Controller.Reconciliation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Controller.Hosting;

/// <summary>Runs the informers and reconcile workers, only once (and only while) this instance leads.</summary>
public sealed class ReconcileLoopService(
    PlanController controller,
    Leadership leadership,
    IHostApplicationLifetime lifetime,
    ControllerFaults faults,
    ILogger<ReconcileLoopService> logger) : CriticalBackgroundService(lifetime, faults, logger)
{
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var whileLeading = await leadership.Acquired.WaitAsync(stoppingToken).ConfigureAwait(false);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, whileLeading);
        await controller.RunAsync(work.Token).ConfigureAwait(false);
        if (!stoppingToken.IsCancellationRequested && whileLeading.IsCancellationRequested)
        {
            // The election loop reports the loss; this loop only stops reconciling.
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
    }
}
