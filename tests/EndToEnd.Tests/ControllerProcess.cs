using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using TestSupport;

namespace EndToEnd.Tests;

/// <summary>
/// The controller as its own process (<c>dotnet Controller.dll</c>, built next to the tests, or the published
/// native executable), so a test can kill it the way a node failure or an OOM kill would: no shutdown code runs.
/// </summary>
public sealed class ControllerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ControllerProcess(Process process, int port, ConcurrentQueue<string> output)
    {
        _process = process;
        Port = port;
        Output = output;
    }

    public int Port { get; }

    /// <summary>What the process printed, stdout and stderr interleaved.</summary>
    public ConcurrentQueue<string> Output { get; }

    public bool HasExited => _process.HasExited;

    /// <param name="native">the published native executable to run (<see cref="NativeBuild"/>); null runs the JIT build with dotnet</param>
    public static ControllerProcess Start(string kubeconfig, IReadOnlyDictionary<string, string>? environment = null, string? native = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Controller.dll");
        if (native is null && !File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: EndToEnd.Tests must reference the Controller project");
        }

        var port = FreePort.Get();
        var start = new ProcessStartInfo(native ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (native is null ? [dll] : Array.Empty<string>()).Concat(["--name", ControllerScenario.ControllerName, "--namespace", ControllerScenario.Namespace, "--kubeconfig", kubeconfig]))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var output = new ConcurrentQueue<string>();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ControllerProcess(process, port, output);
    }

    /// <summary>SIGKILL, and wait until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Waits for a process that is expected to end by itself; its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{Port}{path}"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Like <see cref="GetAsync"/>, but null while nothing listens yet (a fresh process takes a moment to bind).
    /// A process that has exited is an error, with what it printed.
    /// </summary>
    public async Task<(HttpStatusCode Status, string Body)?> TryGetAsync(string path)
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"the controller exited with {_process.ExitCode}:\n{string.Join('\n', Output.TakeLast(20))}");
        }

        try
        {
            return await GetAsync(path);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
