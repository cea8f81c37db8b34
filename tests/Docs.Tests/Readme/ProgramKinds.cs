using System.Text.RegularExpressions;

namespace Docs.Tests.Readme;

/// <summary>How the test tells a server start from a command that ends, and where each server answers.</summary>
public static partial class ProgramKinds
{
    /// <summary>
    /// <c>dotnet run --project Sandbox|Controller|ChannelServer</c> serves until stopped, unless it is asked for its
    /// help or for the channel server's <c>export</c> subcommand, which end on their own.
    /// </summary>
    public static ProgramKind? ServerStartedBy(string command)
    {
        var match = ServerRun().Match(command);
        if (!match.Success || command.Contains("--help", StringComparison.Ordinal) || ExportSubcommand().IsMatch(command))
        {
            return null;
        }

        return Enum.Parse<ProgramKind>(match.Groups["project"].Value);
    }

    /// <summary>
    /// The loopback port the command names (0: any free port), or null when it names none: then the program's own
    /// default applies, and a taken port shows as the program's own bind error.
    /// </summary>
    public static int? PortOf(string command)
    {
        var match = ListenFlag().Match(command);
        return match.Success ? int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Where a started server says it is ready: the Sandbox serves <c>/version</c>, the other two <c>/readyz</c>.</summary>
    public static string ReadinessPath(ProgramKind kind) => kind == ProgramKind.Sandbox ? "/version" : "/readyz";

    [GeneratedRegex(@"^\s*dotnet run --project (?<project>Sandbox|Controller|ChannelServer)\b")]
    private static partial Regex ServerRun();

    [GeneratedRegex(@"--\s+export\b")]
    private static partial Regex ExportSubcommand();

    [GeneratedRegex(@"--listen(-address)?[ =]\S*:(?<port>\d+)\b")]
    private static partial Regex ListenFlag();
}
