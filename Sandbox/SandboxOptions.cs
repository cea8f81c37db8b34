namespace Sandbox;

/// <summary>Everything a sandbox run can be told; the command-line flags map onto these one to one.</summary>
public sealed class SandboxOptions
{
    /// <summary>Address to listen on, <c>host:port</c>; port 0 takes any free port.</summary>
    public string Listen { get; set; } = "127.0.0.1:0";

    /// <summary>Where to write a kubeconfig for the sandbox; null: a temporary file.</summary>
    public string? KubeconfigOut { get; set; }

    /// <summary>The bearer token clients must send (written into the kubeconfig); null: a random one per sandbox.</summary>
    public string? Token { get; set; }

    /// <summary>Admit requests that carry no token at all (a wrong token is still refused).</summary>
    public bool AllowAnonymous { get; set; }

    public int Servers { get; set; } = 1;
    public int Agents { get; set; } = 2;

    /// <summary>The k3s version every node starts on (their kubeletVersion).</summary>
    public string Version { get; set; } = "v1.32.3+k3s1";

    /// <summary>How long the k3s/rke2 upgrade image takes before the node restarts.</summary>
    public TimeSpan UpgradeDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a restarting node stays NotReady.</summary>
    public TimeSpan NodeRestartDuration { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a container without a known behaviour (or <c>cordon</c>/<c>drain</c>) runs.</summary>
    public TimeSpan ContainerRunDuration { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Nodes whose upgrade container fails (exit 1) instead of upgrading.</summary>
    public IList<string> FailingNodes { get; } = [];

    /// <summary>Faults played on nodes by name (<c>--node-fault</c>); written onto the nodes as their annotations at start.</summary>
    public IDictionary<string, Simulation.NodeFault> NodeFaults { get; } = new Dictionary<string, Simulation.NodeFault>(StringComparer.Ordinal);

    /// <summary>Delay before a failed Job pod is replaced (Kubernetes starts at 10s and doubles; 0 replaces at once).</summary>
    public TimeSpan JobBackoff { get; set; } = TimeSpan.Zero;

    /// <summary>Changes kept for watch resumption; older resourceVersions answer 410 Gone.</summary>
    public int WatchHistory { get; set; } = 10_000;

    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Watch length when the client does not give <c>timeoutSeconds</c>.</summary>
    public TimeSpan DefaultWatchTimeout { get; set; } = TimeSpan.FromMinutes(30);

    public int Seed { get; set; } = 1;

    /// <summary>Seed of the object UIDs (the kube-system namespace's is the cluster id); null: different in every sandbox.</summary>
    public int? UidSeed { get; set; }
    public double WriteErrorRate { get; set; }
    public double WriteConflictRate { get; set; }
    public double WatchCutRate { get; set; }
    public double SlowRequestRate { get; set; }
    public TimeSpan SlowRequestDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Clock of the simulation and the API (timestamps, deadlines, TTLs); tests may pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Runs the job controller, scheduler and kubelets; off leaves a plain API server.</summary>
    public bool Simulate { get; set; } = true;

    /// <exception cref="ArgumentException">naming every problem, one a line</exception>
    public void Validate()
    {
        if (Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join('\n', problems));
        }
    }

    /// <summary>Every value that cannot work, each named by its flag.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Servers < 0 || Agents < 0)
        {
            problems.Add("--servers and --agents must be zero or more");
        }

        if (!Contracts.Versions.ReleaseVersion.TryParse(Version, out _))
        {
            problems.Add($"--version: '{Version}' is not a version like v1.32.3+k3s1");
        }

        if (UpgradeDuration < TimeSpan.Zero)
        {
            problems.Add("--upgrade-seconds must not be negative");
        }

        foreach (var (name, rate) in new[] { ("--write-error-rate", WriteErrorRate), ("--write-conflict-rate", WriteConflictRate), ("--watch-cut-rate", WatchCutRate), ("--slow-rate", SlowRequestRate) })
        {
            if (rate is < 0 or > 1)
            {
                problems.Add($"{name} must be between 0 and 1");
            }
        }

        var nodes = Enumerable.Range(1, Servers).Select(i => $"server-{i}").Concat(Enumerable.Range(1, Agents).Select(i => $"agent-{i}")).ToHashSet(StringComparer.Ordinal);
        foreach (var node in NodeFaults.Keys.Where(n => !nodes.Contains(n)))
        {
            problems.Add($"--node-fault: no node {node} (nodes are server-1..{Servers} and agent-1..{Agents})");
        }

        if (Token is { } token && (token.Length == 0 || token.Any(char.IsWhiteSpace)))
        {
            problems.Add("--token must be non-empty and without spaces");
        }

        var parts = Listen.Split(':');
        if (parts.Length != 2 || !ushort.TryParse(parts[1], out _))
        {
            problems.Add($"--listen: '{Listen}' is not host:port");
        }

        return problems;
    }
}
