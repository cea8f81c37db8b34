namespace Sandbox;

/// <summary>The sandbox's flags: <c>--name value</c> or <c>--name=value</c>, as <see cref="SandboxOptionTable"/> lists them.</summary>
public static class CommandLine
{
    public static string Help { get; } = $"""
        Sandbox: an in-memory Kubernetes API server with simulated k3s nodes.

        Usage: dotnet run --project Sandbox -- [flags]

        {SandboxOptionTable.Help()}  {"--help",-28} show this text
        """;

    /// <exception cref="ArgumentException">naming every bad flag, one a line</exception>
    public static SandboxOptions Parse(IReadOnlyList<string> args, out bool help)
    {
        var result = SandboxOptionTable.Parse(args);
        help = result.Help;
        return help ? new SandboxOptions() : result.Options ?? throw new ArgumentException(string.Join('\n', result.Errors));
    }
}
