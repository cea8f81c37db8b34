using System.Diagnostics;

namespace Sandbox.Tests;

/// <summary>The real kubectl binary against a sandbox, with its own HOME (so its discovery cache is per test).</summary>
public sealed class Kubectl(string kubeconfig) : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("kubectl-home-").FullName;

    public static string Binary { get; } = Find();

    private static string Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin").Append("/usr/local/bin"))
        {
            var path = Path.Combine(dir, "kubectl");
            if (File.Exists(path))
            {
                return path;
            }
        }

        return "";
    }

    private ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        if (Binary.Length == 0)
        {
            throw new InvalidOperationException(
                "kubectl is not installed: these tests run the real kubectl binary (apt-get install kubernetes-client; .ci/run does it).");
        }

        var psi = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("--kubeconfig");
        psi.ArgumentList.Add(kubeconfig);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["HOME"] = _home;
        psi.Environment["KUBECACHEDIR"] = Path.Combine(_home, "cache");
        return psi;
    }

    public async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => await RunWithInputAsync(null, args);

    public async Task<(int Exit, string Out, string Err)> RunWithInputAsync(string? input, params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs kubectl and fails the test, showing its output, unless it exits 0.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync(args);
        Assert.True(exit == 0, $"kubectl {string.Join(' ', args)} exited {exit}\nstdout: {stdout}\nstderr: {stderr}");
        return stdout;
    }

    /// <summary>Starts a long-running kubectl (<c>get -w</c>) whose output lines arrive in <paramref name="lines"/>.</summary>
    public Process Start(List<string> lines, params string[] args)
    {
        var process = new Process { StartInfo = StartInfo(args) };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (lines)
                {
                    lines.Add(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        return process;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
