using Sandbox.Storage;

namespace Sandbox.Simulation;

/// <summary>
/// Failures caused by one object (a malformed selector, an object deleted mid-pass) are contained to
/// that object; anything else is a bug and stops the host.
/// </summary>
internal static class SimulationErrors
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public static bool IsObjectProblem(Exception e) => e is ApiException or FormatException or InvalidOperationException or KeyNotFoundException;
}
