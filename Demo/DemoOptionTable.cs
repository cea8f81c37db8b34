using Contracts.CommandLine;
using Contracts.Versions;
using static Contracts.CommandLine.OptionParsers;

namespace Demo;

/// <summary>
/// Every flag of the demo, once (it reads no environment): parsing, lookups and the help text come from here;
/// the defaults live on <see cref="DemoOptions"/>.
/// </summary>
public static class DemoOptionTable
{
    private static TypedOptionRow<DemoOptions, T> Row<T>(string flag, string? valueName, string help, Parser<T> parse, Func<DemoOptions, T, DemoOptions> set, Func<DemoOptions, object?> get) =>
        new(flag, [], help, "", parse, set, get) { ValueName = valueName };

    private static Parser<int> NodeCount { get; } = Int(0, 1000);

    public static IReadOnlyList<OptionRow<DemoOptions>> All { get; } =
    [
        Row<int>("servers", "N", "control-plane nodes", NodeCount, (o, v) => o with { Servers = v }, o => o.Servers),
        Row<int>("agents", "N", "agent nodes", NodeCount, (o, v) => o with { Agents = v }, o => o.Agents),
        Row<string>("from", "VERSION", "K3s version the nodes start on", Version, (o, v) => o with { FromVersion = v }, o => o.FromVersion),
        Row<string>("channel", "NAME", "channel the plans follow", Text, (o, v) => o with { Channel = v }, o => o.Channel),
        Row<double>("upgrade-seconds", "S", "simulated time one node upgrade takes", Number(0, 3600), (o, v) => o with { UpgradeDuration = TimeSpan.FromSeconds(v) }, o => o.UpgradeDuration.TotalSeconds),
        Row<TimeSpan>("timeout", "DURATION", "give up after this long, a Go duration", Duration(positive: true), (o, v) => o with { Timeout = v }, o => o.Timeout),
        Row<bool>("keep-running", null, "stay up after the rollout so you can try kubectl against the sandbox", Bool, (o, v) => o with { KeepRunning = v }, o => o.KeepRunning) with { IsSwitch = true },
        Row<string>("kubeconfig-out", "FILE", "where to write the sandbox kubeconfig", Text, (o, v) => o with { KubeconfigOut = v }, o => o.KubeconfigOut) with { DefaultNote = "./demo.kubeconfig" },
    ];

    private static readonly OptionTable<DemoOptions> Table = new(All, new OptionSyntax { HelpColumn = 21 });

    /// <summary>The row of a flag, by its name without dashes.</summary>
    public static OptionRow<DemoOptions> Flag(string name) => Table.Flag(name);

    /// <summary>The flag lines of the help text, each with its default.</summary>
    public static string Help() => Table.Help(new DemoOptions());

    /// <summary>The options, or every problem with the flags; or a request for help.</summary>
    public static OptionParseResult<DemoOptions> Parse(IReadOnlyList<string> args) =>
        Table.Parse(args, _ => null, new DemoOptions(), (options, errors) =>
        {
            if (options.Servers == 0)
            {
                errors.Add("--servers: the demo needs at least one control-plane node");
            }

            return options;
        });

    private static bool Version(string text, out string value, out string? error)
    {
        value = text;
        error = ReleaseVersion.TryParse(text, out _, out var why) ? null : why;
        return error is null;
    }
}
