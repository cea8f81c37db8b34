namespace Sandbox.Simulation;

/// <summary>The ways a simulated node can be told to misbehave, for the controller's health gates.</summary>
public enum NodeFaultKind
{
    /// <summary><c>stale-kubelet</c>: the upgrade Job succeeds, the kubelet keeps reporting its old version.</summary>
    StaleKubelet,

    /// <summary><c>not-ready-after-upgrade</c>: the upgrade Job succeeds, the restarted k3s never posts status again.</summary>
    NotReadyAfterUpgrade,

    /// <summary><c>not-ready</c>: the kubelet posts no status from the start, until the fault is lifted.</summary>
    NotReady,
}
