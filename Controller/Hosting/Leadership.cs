namespace Controller.Hosting;

/// <summary>
/// Whether this instance may reconcile: held by <see cref="LeaderElectionService"/>, awaited by
/// <see cref="ReconcileLoopService"/>. Without leader election it is granted at start and never lost.
/// </summary>
public sealed class Leadership(string identity)
{
    private readonly TaskCompletionSource<CancellationToken> _acquired = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The holder identity written into the Lease.</summary>
    public string Identity => identity;

    public bool IsLeader { get; private set; }

    /// <summary>Completes once leading, with a token cancelled when the lead is lost.</summary>
    public Task<CancellationToken> Acquired => _acquired.Task;

    public void Acquire(CancellationToken whileLeading)
    {
        IsLeader = true;
        _acquired.TrySetResult(whileLeading);
    }

    public void Lose() => IsLeader = false;

    // The identity is read by people (the Lease's holderIdentity, the controller's log), so it is kept to
    // a DNS label's 63 characters; a long host name keeps its room and the random part yields first.
    private const int MaxIdentityLength = 63;
    private const int RandomSuffixLength = 1 + 32;

    /// <summary>An identity unique per process start: the node (or machine) name and a random suffix, within 63 characters.</summary>
    public static string NewIdentity(string? nodeName)
    {
        var host = nodeName ?? Environment.MachineName;
        return $"{host}_{Guid.NewGuid():N}"[..Math.Min(MaxIdentityLength, host.Length + RandomSuffixLength)];
    }
}
