using System.Diagnostics;
using System.Text;

namespace Docs.Tests.Readme;

/// <summary>
/// A reader's terminal: each command runs in bash from the repository root with what earlier commands exported
/// (kept in a state file between commands), stdout and stderr merged as a terminal shows them.
/// </summary>
public sealed class ShellSession : IDisposable
{
    private readonly string _root;
    private readonly string _dir;
    private readonly string _state;

    public ShellSession(string root)
    {
        _root = root;
        _dir = Directory.CreateTempSubdirectory("readme-test-").FullName;
        _state = Path.Combine(_dir, "exports.sh");
        File.WriteAllText(_state, "");
    }

    /// <summary>What the session exported so far, for programs started from it.</summary>
    public string StateFile => _state;

    public async Task<(int ExitCode, string Output)> RunAsync(string command, TimeSpan timeout)
    {
        var script = Path.Combine(_dir, "command.sh");
        await File.WriteAllTextAsync(script, $"""
            exec 2>&1
            set -o pipefail
            . "{_state}" >/dev/null 2>&1
            cd "{_root}"
            {command}
            status=$?
            export -p > "{_state}"
            exit $status

            """);
        using var process = Start(ProcessFor(_root, "bash", script));
        var output = new StringBuilder();
        var reading = process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, await reading + $"\n(readme-test: still running after {timeout.TotalSeconds:0} s, stopped)");
        }

        return (process.ExitCode, await reading);
    }

    /// <summary>
    /// A process started as a reader's shell would start it: the repository root as working directory, and the
    /// environment without what the test host sets for itself (MSBuild's and vstest's variables would steer a
    /// nested <c>dotnet run</c> into the test host's SDK state).
    /// </summary>
    public static ProcessStartInfo ProcessFor(string root, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase) || key is "DOTNET_HOST_PATH" or "KUBECONFIG")
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return start;
    }

    public static Process Start(ProcessStartInfo start)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        process.StandardInput.Close();
        return process;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
