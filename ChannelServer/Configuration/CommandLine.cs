using System.Text;

namespace ChannelServer.Configuration;

/// <summary>
/// The flags of the reference service (each also read from its environment variable) plus our own, as
/// <see cref="ChannelServerOptionTable"/> lists them. Parsing is strict: an unknown flag or a bad value stops the
/// start with a message naming the flag, and every such problem is named at once.
/// </summary>
public static class CommandLine
{
    /// <summary>Reference flags this server does not take, with the reason (listed in --help).</summary>
    public static readonly IReadOnlyList<(string Flag, string Why)> LeftOut =
    [
        ("--version", "urfave/cli's built-in version flag: this build carries no release version to print"),
    ];

    public const string DefaultPathPrefix = "v1-release";

    public static string HelpText
    {
        get
        {
            var text = new StringBuilder();
            text.AppendLine("K3s/RKE2 release channel server (drop-in for update.k3s.io)");
            text.AppendLine();
            text.AppendLine("usage: ChannelServer [flags]");
            text.AppendLine("       ChannelServer export --owner OWNER --repo REPO [--api URL] [--github-token TOKEN] --out FILE");
            text.AppendLine();
            text.AppendLine("flags (each also read from the environment variable in brackets; a repeatable flag's holds a comma-separated list):");
            text.Append(ChannelServerOptionTable.Help());
            text.AppendLine($"  {"--help, -h",-30} this text");
            text.AppendLine();
            text.AppendLine("reference flags not taken:");
            foreach (var (flag, why) in LeftOut)
            {
                text.AppendLine($"  {flag,-30} {why}");
            }

            return text.ToString();
        }
    }

    public static bool WantsHelp(IReadOnlyList<string> args) =>
        args.Any(a => a is "--help" or "-h" or "-help" or "help");

    /// <param name="environment">environment lookup; null reads the process environment</param>
    /// <param name="baseDirectory">where the bundled config/ lives; null uses the application's directory</param>
    /// <exception cref="CommandLineException">one line per problem</exception>
    public static ServerOptions Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null, string? baseDirectory = null)
    {
        var result = ChannelServerOptionTable.Parse(args, environment ?? Environment.GetEnvironmentVariable, baseDirectory ?? AppContext.BaseDirectory);
        return result.Options?.Options ?? throw new CommandLineException(string.Join('\n', result.Errors));
    }
}
