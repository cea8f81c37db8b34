namespace Controller.Hosting;

/// <summary>The first reason a critical loop stopped the host, for whoever waits on it (the process exit code, tests).</summary>
public sealed class ControllerFaults
{
    private Exception? _first;

    public Exception? First => _first;

    public void Record(Exception e) => Interlocked.CompareExchange(ref _first, e, null);
}
