using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Docs.Tests.Readme;

/// <summary>
/// A server the README starts in a terminal of its own (<c>dotnet run --project Sandbox</c> and the like): started
/// as written, ready once it answers where it says it listens, stopped with SIGTERM as Ctrl+C would.
/// </summary>
public sealed partial class BackgroundProgram : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private BackgroundProgram(ProgramKind kind, string command, Process process, ConcurrentQueue<string> output)
    {
        Kind = kind;
        Command = command;
        _process = process;
        _output = output;
    }

    public ProgramKind Kind { get; }

    public string Command { get; }

    public bool HasExited => _process.HasExited;

    public string Output => string.Join('\n', _output);

    /// <summary>Starts the command and waits until it answers; a port already taken fails at once, naming it.</summary>
    public static async Task<BackgroundProgram> StartAsync(ProgramKind kind, string command, string root, string exports, TimeSpan timeout)
    {
        var port = ProgramKinds.PortOf(command);
        if (port is > 0 && await AnswersAsync(port.Value))
        {
            throw new InvalidOperationException(
                $"port {port} on 127.0.0.1 is taken, and the README's command uses it as written: {command.Split('\n')[0]}. Stop what listens there and run the test again.");
        }

        var start = ShellSession.ProcessFor(root, "bash", "-c", $". \"{exports}\" >/dev/null 2>&1; cd \"{root}\"; exec {command}");
        var output = new ConcurrentQueue<string>();
        var process = ShellSession.Start(start);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var program = new BackgroundProgram(kind, command, process, output);
        try
        {
            await program.WaitUntilReadyAsync(timeout);
        }
        catch
        {
            await program.DisposeAsync();
            throw;
        }

        return program;
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        // The Sandbox serves HTTPS with a CA it makes at start and wants the kubeconfig's token: this probe only asks
        // whether it answers yet, so it takes its certificate as is and counts any answer (401 included). The
        // README's own kubectl commands check both through the kubeconfig.
        using var handler = new HttpClientHandler();
        if (Kind == ProgramKind.Sandbox)
        {
            handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;
        }

        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Kind} exited with {_process.ExitCode} before it was ready:\n{Output}");
            }

            if (ListeningOn().Matches(Output).LastOrDefault() is { } listening)
            {
                var url = new UriBuilder(listening.Groups["url"].Value);
                if (url.Host is "0.0.0.0" or "[::]" or "::" or "+" or "*" or "localhost")
                {
                    url.Host = "127.0.0.1";
                }

                url.Path = ProgramKinds.ReadinessPath(Kind);
                try
                {
                    using var response = await http.GetAsync(url.Uri);
                    if (response.IsSuccessStatusCode || Kind == ProgramKind.Sandbox)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }
            }

            // Polled: the program builds first (dotnet run), then binds; nothing to wait on but its answers.
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        throw new TimeoutException($"{Kind} did not answer {ProgramKinds.ReadinessPath(Kind)} within {timeout.TotalSeconds:0} s:\n{Output}");
    }

    private static async Task<bool> AnswersAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM (dotnet run passes it on to the program), then, if it does not end within 30 s, a kill.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
            {
                await kill!.WaitForExitAsync();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    // The Sandbox prints "listening on http://...", ASP.NET Core "Now listening on: http://...".
    [GeneratedRegex(@"listening on:?\s+(?<url>https?://\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex ListeningOn();
}
