using System.Globalization;

namespace Sandbox;

/// <summary>The sandbox's flags: <c>--name value</c> or <c>--name=value</c>, each mapped onto <see cref="SandboxOptions"/>.</summary>
public static class CommandLine
{
    public const string Help = """
        Sandbox: an in-memory Kubernetes API server with simulated k3s nodes.

        Usage: dotnet run --project Sandbox -- [flags]

          --listen HOST:PORT          address to serve HTTPS on (default 127.0.0.1:0, 0 = any free port); a
                                      non-loopback address is served with a warning: whoever reaches it and has the
                                      token (anyone, with --anonymous) is cluster-admin
          --kubeconfig-out FILE       write a kubeconfig for kubectl/KubernetesClient here (default: a temp file)
          --token TOKEN               bearer token clients must send, written into the kubeconfig (default: random per run)
          --anonymous                 also admit requests without a token (a wrong token is still 401)
          --servers N                 control-plane nodes server-1..N (default 1)
          --agents N                  agent nodes agent-1..N (default 2)
          --version V                 k3s version every node starts on (default v1.32.3+k3s1)
          --upgrade-seconds S         how long the k3s/rke2-upgrade image takes before the node restarts (default 2)
          --restart-seconds S         how long a restarting node stays NotReady (default 0.5)
          --container-seconds S       how long cordon/drain and plain containers run (default 0.1)
          --failing-node NAME         the upgrade fails on this node (repeatable)
          --node-fault NODE=FAULT[:RECOVER_AFTER]
                                      play a fault on a node (repeatable); it is written as the node annotation
                                      sandbox.channels.dev/fault (and sandbox.channels.dev/recover-after), which
                                      can also be set, changed or removed later with kubectl annotate:
                                        stale-kubelet            the upgrade Job succeeds, the kubelet keeps its old version
                                        not-ready-after-upgrade  the upgrade Job succeeds, then the node goes NotReady (Ready
                                                                 Unknown, NodeStatusUnknown, unreachable taints, old version);
                                                                 with RECOVER_AFTER (a Go duration: 20s, 1m30s) it comes back
                                                                 Ready at the new version that long after going NotReady
                                        not-ready                NotReady from the start, until the annotation is removed
          --job-backoff-seconds S     delay before a failed Job pod is replaced, doubling (default 0)
          --watch-history N           changes kept for watch resumption; older resourceVersions get 410 (default 10000)
          --bookmark-seconds S        interval of watch bookmarks when clients ask for them (default 5)
          --seed N                    seed of the random choices of names and faults (default 1)
          --uid-seed N                seed of object UIDs, for reproducible cluster ids (default: different every run,
                                      so two sandboxes never share the kube-system UID the controller reports)
          --write-error-rate P        share of writes answered 500 (0..1)
          --write-conflict-rate P     share of writes answered 409 Conflict (0..1)
          --watch-cut-rate P          chance per watch event that the connection is cut (0..1)
          --slow-rate P               share of requests delayed by --slow-ms (0..1)
          --slow-ms MS                delay of a slow request (default 200)
          --no-simulation             serve the API only: no job controller, scheduler or kubelets
          --help                      show this text
        """;

    public static SandboxOptions Parse(IReadOnlyList<string> args, out bool help)
    {
        var options = new SandboxOptions();
        help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value"));
            int Int() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new ArgumentException($"{arg} needs a whole number");
            double Number() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new ArgumentException($"{arg} needs a number");

            switch (arg)
            {
                case "--help" or "-h":
                    help = true;
                    break;
                case "--listen": options.Listen = Value(); break;
                case "--kubeconfig-out": options.KubeconfigOut = Value(); break;
                case "--token": options.Token = Value(); break;
                case "--anonymous": options.AllowAnonymous = true; break;
                case "--servers": options.Servers = Int(); break;
                case "--agents": options.Agents = Int(); break;
                case "--version": options.Version = Value(); break;
                case "--upgrade-seconds": options.UpgradeDuration = TimeSpan.FromSeconds(Number()); break;
                case "--restart-seconds": options.NodeRestartDuration = TimeSpan.FromSeconds(Number()); break;
                case "--container-seconds": options.ContainerRunDuration = TimeSpan.FromSeconds(Number()); break;
                case "--failing-node": options.FailingNodes.Add(Value()); break;
                case "--node-fault":
                    var (node, fault) = Simulation.NodeFault.ParseFlag(Value());
                    if (!options.NodeFaults.TryAdd(node, fault))
                    {
                        throw new ArgumentException($"--node-fault: {node} is given twice");
                    }

                    break;
                case "--job-backoff-seconds": options.JobBackoff = TimeSpan.FromSeconds(Number()); break;
                case "--watch-history": options.WatchHistory = Int(); break;
                case "--bookmark-seconds": options.BookmarkInterval = TimeSpan.FromSeconds(Number()); break;
                case "--seed": options.Seed = Int(); break;
                case "--uid-seed": options.UidSeed = Int(); break;
                case "--write-error-rate": options.WriteErrorRate = Number(); break;
                case "--write-conflict-rate": options.WriteConflictRate = Number(); break;
                case "--watch-cut-rate": options.WatchCutRate = Number(); break;
                case "--slow-rate": options.SlowRequestRate = Number(); break;
                case "--slow-ms": options.SlowRequestDelay = TimeSpan.FromMilliseconds(Number()); break;
                case "--no-simulation": options.Simulate = false; break;
                default: throw new ArgumentException($"unknown flag {arg} (see --help)");
            }
        }

        options.Validate();
        return options;
    }
}
