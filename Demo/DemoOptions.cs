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

    public static string Usage { get; } = $"""
        Usage: dotnet run --project Demo -- [options]

        Runs the whole system on this machine, with no network and no cluster: the channel server on its
        offline K3s snapshot, a Sandbox cluster of simulated k3s nodes on an older release, and the
        controller following the seed's two plans pointed at the local channel. Exits 0 when every node
        runs the channel's version.

        {DemoOptionTable.Help()}  {"--help",-21} show this text
        """;

    /// <summary>Parses the flags (<see cref="DemoOptionTable"/>); null asks for the help text.</summary>
    /// <exception cref="ArgumentException">naming every bad flag, one a line</exception>
    public static DemoOptions? Parse(IReadOnlyList<string> args)
    {
        var result = DemoOptionTable.Parse(args);
        return result.Help ? null : result.Options ?? throw new ArgumentException(string.Join('\n', result.Errors));
    }
}
