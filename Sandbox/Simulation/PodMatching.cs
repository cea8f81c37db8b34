using Sandbox.Storage;

namespace Sandbox.Simulation;

/// <summary>Pod facts the job controller, scheduler and kubelet share.</summary>
public static class PodMatching
{
    public static bool IsTerminal(StoredObject pod) => pod.Object.GetString("status", "phase") is "Succeeded" or "Failed";
}
