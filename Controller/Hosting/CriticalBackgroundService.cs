using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Controller.Hosting;

/// <summary>
/// A loop the controller cannot do without: if it ends or throws while the host is not stopping, the host
/// stops (as YARP's Kubernetes controller does) rather than running on as a zombie that serves /healthz.
/// </summary>
public abstract partial class CriticalBackgroundService(IHostApplicationLifetime lifetime, ControllerFaults faults, ILogger logger) : BackgroundService
{
    protected abstract Task RunAsync(CancellationToken stoppingToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken).ConfigureAwait(false);
            if (!stoppingToken.IsCancellationRequested)
            {
                Fail(new InvalidOperationException($"{GetType().Name} ended on its own"));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    private void Fail(Exception e)
    {
        LogStopping(logger, GetType().Name, e);
        faults.Record(e);
        lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Service} stopped unexpectedly; stopping the controller")]
    private static partial void LogStopping(ILogger logger, string service, Exception exception);
}
