using System.Diagnostics;

namespace Docs.Tests;

/// <summary>An external tool the toolbox is checked with (kubectl, promtool); a missing one fails naming its package.</summary>
internal static class Tool
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string name, string package, params string[] args)
    {
        var start = new ProcessStartInfo(name)
        {
            WorkingDirectory = TestSupport.RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{name} is not installed ({e.Message}): apt-get install -y {package} (.ci/run does)", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout + await stderr);
        }
    }

    public static async Task<string> OkAsync(string name, string package, params string[] args)
    {
        var (exit, output) = await RunAsync(name, package, args);
        Assert.True(exit == 0, $"{name} {string.Join(' ', args)} exited {exit}:\n{output}");
        return output;
    }
}
