using Contracts.CommandLine;
using Sandbox.Simulation;
using static Contracts.CommandLine.OptionParsers;

namespace Sandbox;

/// <summary>
/// Every flag of the sandbox, once (it reads no environment): parsing, lookups and the help text come from here;
/// the defaults live on <see cref="SandboxOptions"/>. The options are a mutable class, so each row sets and returns it.
/// </summary>
public static class SandboxOptionTable
{
    private static TypedOptionRow<SandboxOptions, T> Row<T>(string flag, string valueName, string help, Parser<T> parse, Action<SandboxOptions, T> set, Func<SandboxOptions, object?> get) =>
        new(flag, [], help, "", parse, (o, v) => { set(o, v); return o; }, get) { ValueName = valueName };

    private static TypedOptionRow<SandboxOptions, bool> Switch(string flag, string help, Action<SandboxOptions, bool> set, Func<SandboxOptions, bool> get) =>
        new(flag, [], help, "", Bool, (o, v) => { set(o, v); return o; }, o => get(o)) { IsSwitch = true };

    private static Parser<double> Seconds { get; } = Number(0);

    private static Parser<double> Rate { get; } = Number(0, 1);

    private const string NodeFaultHelp = """
        play a fault on a node (repeatable); it is written as the node annotation
        sandbox.channels.dev/fault (and sandbox.channels.dev/recover-after), which
        can also be set, changed or removed later with kubectl annotate:
          stale-kubelet            the upgrade Job succeeds, the kubelet keeps its old version
          not-ready-after-upgrade  the upgrade Job succeeds, then the node goes NotReady (Ready
                                   Unknown, NodeStatusUnknown, unreachable taints, old version);
                                   with RECOVER_AFTER (a Go duration: 20s, 1m30s) it comes back
                                   Ready at the new version that long after going NotReady
          not-ready                NotReady from the start, until the annotation is removed
        """;

    public static IReadOnlyList<OptionRow<SandboxOptions>> All { get; } =
    [
        Row<string>("listen", "HOST:PORT", "address to serve HTTPS on (0 = any free port); a non-loopback address is served with a warning: whoever reaches it and has the token (anyone, with --anonymous) is cluster-admin", Text, (o, v) => o.Listen = v, o => o.Listen),
        Row<string>("kubeconfig-out", "FILE", "write a kubeconfig for kubectl/KubernetesClient here", Text, (o, v) => o.KubeconfigOut = v, o => o.KubeconfigOut) with { DefaultNote = "a temp file" },
        Row<SecretText>("token", "TOKEN", "bearer token clients must send, written into the kubeconfig", Secret, (o, v) => o.Token = v.Reveal(), o => o.Token is null ? null : new SecretText(o.Token)) with { DefaultNote = "random per run" },
        Switch("anonymous", "also admit requests without a token (a wrong token is still 401)", (o, v) => o.AllowAnonymous = v, o => o.AllowAnonymous),
        Row<int>("servers", "N", "control-plane nodes server-1..N", Int(0), (o, v) => o.Servers = v, o => o.Servers),
        Row<int>("agents", "N", "agent nodes agent-1..N", Int(0), (o, v) => o.Agents = v, o => o.Agents),
        Row<string>("version", "V", "k3s version every node starts on", Text, (o, v) => o.Version = v, o => o.Version),
        Row<double>("upgrade-seconds", "S", "how long the k3s/rke2-upgrade image takes before the node restarts", Seconds, (o, v) => o.UpgradeDuration = TimeSpan.FromSeconds(v), o => o.UpgradeDuration.TotalSeconds),
        Row<double>("restart-seconds", "S", "how long a restarting node stays NotReady", Seconds, (o, v) => o.NodeRestartDuration = TimeSpan.FromSeconds(v), o => o.NodeRestartDuration.TotalSeconds),
        Row<double>("container-seconds", "S", "how long cordon/drain and plain containers run", Seconds, (o, v) => o.ContainerRunDuration = TimeSpan.FromSeconds(v), o => o.ContainerRunDuration.TotalSeconds),
        new RepeatableOptionRow<SandboxOptions, string>("failing-node", [], "the upgrade fails on this node (repeatable)", "", Text, (o, v) =>
        {
            foreach (var node in v)
            {
                o.FailingNodes.Add(node);
            }

            return o;
        }, o => o.FailingNodes) { ValueName = "NAME" },
        new RepeatableOptionRow<SandboxOptions, (string Node, NodeFault Fault)>("node-fault", [], NodeFaultHelp.TrimEnd(), "", NodeFault.TryParseFlag, (o, v) =>
        {
            foreach (var (node, fault) in v)
            {
                o.NodeFaults[node] = fault;
            }

            return o;
        }, o => o.NodeFaults.Count == 0 ? null : o.NodeFaults)
        {
            ValueName = "NODE=FAULT[:RECOVER_AFTER]",
            CheckAll = faults => faults.GroupBy(f => f.Node, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{g.Key} is given twice"),
        },
        Row<double>("job-backoff-seconds", "S", "delay before a failed Job pod is replaced, doubling", Seconds, (o, v) => o.JobBackoff = TimeSpan.FromSeconds(v), o => o.JobBackoff.TotalSeconds),
        Row<int>("watch-history", "N", "changes kept for watch resumption; older resourceVersions get 410", Int(0), (o, v) => o.WatchHistory = v, o => o.WatchHistory),
        Row<double>("bookmark-seconds", "S", "interval of watch bookmarks when clients ask for them", Seconds, (o, v) => o.BookmarkInterval = TimeSpan.FromSeconds(v), o => o.BookmarkInterval.TotalSeconds),
        Row<int>("seed", "N", "seed of the random choices of names and faults", Int(int.MinValue), (o, v) => o.Seed = v, o => o.Seed),
        Row<int>("uid-seed", "N", "seed of object UIDs, for reproducible cluster ids", Int(int.MinValue), (o, v) => o.UidSeed = v, o => o.UidSeed)
            with { DefaultNote = "different every run, so two sandboxes never share the kube-system UID the controller reports" },
        Row<double>("write-error-rate", "P", "share of writes answered 500 (0..1)", Rate, (o, v) => o.WriteErrorRate = v, o => o.WriteErrorRate),
        Row<double>("write-conflict-rate", "P", "share of writes answered 409 Conflict (0..1)", Rate, (o, v) => o.WriteConflictRate = v, o => o.WriteConflictRate),
        Row<double>("watch-cut-rate", "P", "chance per watch event that the connection is cut (0..1)", Rate, (o, v) => o.WatchCutRate = v, o => o.WatchCutRate),
        Row<double>("slow-rate", "P", "share of requests delayed by --slow-ms (0..1)", Rate, (o, v) => o.SlowRequestRate = v, o => o.SlowRequestRate),
        Row<double>("slow-ms", "MS", "delay of a slow request", Seconds, (o, v) => o.SlowRequestDelay = TimeSpan.FromMilliseconds(v), o => o.SlowRequestDelay.TotalMilliseconds),
        Switch("no-simulation", "serve the API only: no job controller, scheduler or kubelets", (o, v) => o.Simulate = !v, o => !o.Simulate),
    ];

    private static readonly OptionTable<SandboxOptions> Table = new(All, new OptionSyntax { HelpColumn = 28 });

    /// <summary>The row of a flag, by its name without dashes.</summary>
    public static OptionRow<SandboxOptions> Flag(string name) => Table.Flag(name);

    /// <summary>The flag lines of the help text, each with its default.</summary>
    public static string Help() => Table.Help(new SandboxOptions());

    /// <summary>The options, or every problem with the flags (the options' own rules included); or a request for help.</summary>
    public static OptionParseResult<SandboxOptions> Parse(IReadOnlyList<string> args) =>
        Table.Parse(args, _ => null, new SandboxOptions(), (options, errors) =>
        {
            foreach (var problem in options.Problems())
            {
                errors.Add(problem);
            }

            return options;
        });
}
