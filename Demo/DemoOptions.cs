using System.Globalization;
using Contracts.Versions;

namespace Demo;

/// <summary>The demo's flags. Everything has a default: <c>dotnet run --project Demo</c> needs none.</summary>
public sealed record DemoOptions
{
    public int Servers { get; init; } = 3;
    public int Agents { get; init; } = 3;

    /// <summary>The K3s version every simulated node starts on: one minor below the bundled <c>stable</c> channel.</summary>
    public string FromVersion { get; init; } = "v1.30.11+k3s1";

    public string Channel { get; init; } = "stable";
    public TimeSpan UpgradeDuration { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);
    public bool KeepRunning { get; init; }
    public string? KubeconfigOut { get; init; }

    public const string Usage = """
        Usage: dotnet run --project Demo -- [options]

        Runs the whole system on this machine, with no network and no cluster: the channel server on its
        offline K3s snapshot, a Sandbox cluster of simulated k3s nodes on an older release, and the
        controller following the seed's two plans pointed at the local channel. Exits 0 when every node
        runs the channel's version.

          --servers N            control-plane nodes (default 3)
          --agents N             agent nodes (default 3)
          --from VERSION         K3s version the nodes start on (default v1.30.11+k3s1)
          --channel NAME         channel the plans follow (default stable)
          --upgrade-seconds S    simulated time one node upgrade takes (default 2)
          --timeout DURATION     give up after this long, a Go duration (default 5m)
          --keep-running         stay up after the rollout so you can try kubectl against the sandbox
          --kubeconfig-out FILE  where to write the sandbox kubeconfig (default ./demo.kubeconfig)
          --help                 show this text
        """;

    /// <summary>Parses the flags; a bad value is an <see cref="ArgumentException"/> naming the flag.</summary>
    public static DemoOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new DemoOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{flag} needs a value");
            int Count()
            {
                var text = Value();
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 1000
                    ? n
                    : throw new ArgumentException($"{flag}: '{text}' is not a node count (0..1000)");
            }

            options = flag switch
            {
                "--help" or "-h" => null,
                "--servers" => options with { Servers = Count() },
                "--agents" => options with { Agents = Count() },
                "--from" => options with { FromVersion = ValidVersion(flag, Value()) },
                "--channel" => options with { Channel = Value() },
                "--upgrade-seconds" => options with { UpgradeDuration = Seconds(flag, Value()) },
                "--timeout" => options with { Timeout = Duration(flag, Value()) },
                "--keep-running" => options with { KeepRunning = true },
                "--kubeconfig-out" => options with { KubeconfigOut = Value() },
                _ => throw new ArgumentException($"unknown flag {flag} (see --help)"),
            };
            if (options is null)
            {
                return null;
            }
        }

        if (options.Servers == 0)
        {
            throw new ArgumentException("--servers: the demo needs at least one control-plane node");
        }

        return options;
    }

    private static string ValidVersion(string flag, string text) =>
        ReleaseVersion.TryParse(text, out _, out var error) ? text : throw new ArgumentException($"{flag}: {error}");

    private static TimeSpan Seconds(string flag, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s is >= 0 and <= 3600
            ? TimeSpan.FromSeconds(s)
            : throw new ArgumentException($"{flag}: '{text}' is not a number of seconds (0..3600)");

    private static TimeSpan Duration(string flag, string text) =>
        GoDuration.TryParse(text, out var d, out var error) && d > TimeSpan.Zero
            ? d
            : throw new ArgumentException($"{flag}: {error ?? "must be positive"}");
}
