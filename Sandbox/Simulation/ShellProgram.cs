using System.Globalization;
using System.Text.RegularExpressions;

namespace Sandbox.Simulation;

/// <summary>Any other image: <c>sh -c "exit N"</c>, <c>sleep N</c>, <c>false</c>, else a short successful run.</summary>
public sealed partial class ShellProgram(IReadOnlyList<string> words) : ContainerProgram
{
    public override ContainerExit? Poll(ContainerContext context, out DateTimeOffset? nextCheck)
    {
        var script = string.Join(' ', words);
        var duration = context.Options.ContainerRunDuration;
        var exitCode = 0;
        if (SleepPattern().Match(script) is { Success: true } sleep)
        {
            duration = TimeSpan.FromSeconds(double.Parse(sleep.Groups[1].Value, CultureInfo.InvariantCulture));
        }

        if (ExitPattern().Match(script) is { Success: true } exit)
        {
            exitCode = int.Parse(exit.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        else if (words.Count > 0 && words[0] == "false")
        {
            exitCode = 1;
        }

        var end = context.StartedAt + duration;
        if (context.Now < end)
        {
            nextCheck = end;
            return null;
        }

        nextCheck = null;
        return new ContainerExit(exitCode);
    }

    [GeneratedRegex(@"\bsleep\s+([0-9]+(?:\.[0-9]+)?)")]
    private static partial Regex SleepPattern();

    [GeneratedRegex(@"\bexit\s+([0-9]+)")]
    private static partial Regex ExitPattern();
}
