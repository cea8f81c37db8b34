using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using TestSupport;

namespace Docs.Tests;

/// <summary>One of the repository's programs run as its own process (<c>dotnet X.dll</c>, built next to the tests) on a free loopback port.</summary>
internal sealed class ProgramProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ProgramProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Url { get; }

    public string Output => string.Join('\n', _output);

    /// <summary>Starts <paramref name="dll"/>; <paramref name="args"/> may name the port as <c>{port}</c>.</summary>
    public static ProgramProcess Start(string dll, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var path = Path.Combine(AppContext.BaseDirectory, dll);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: Docs.Tests must reference its project");
        }

        var port = FreePort.Get().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(path);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg.Replace("{port}", port, StringComparison.Ordinal));
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value.Replace("{port}", port, StringComparison.Ordinal);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        return new ProgramProcess(process, new Uri($"http://127.0.0.1:{port}/"));
    }

    public async Task<string?> TryGetAsync(string path)
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"{_process.StartInfo.ArgumentList[0]} exited with {_process.ExitCode}:\n{Output}");
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await http.GetAsync(new Uri(Url, path));
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
