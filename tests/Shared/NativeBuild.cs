using System.Collections.Concurrent;
using System.Diagnostics;

namespace TestSupport;

/// <summary>
/// The shipped form of a program: <c>dotnet publish</c> as the Dockerfiles run it (Native AOT), once per test
/// process and project, into a folder of its own. The tests of the native build run what operators run, not
/// the JIT build the other tests load in-process.
/// </summary>
internal static class NativeBuild
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(15);
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Builds = new(StringComparer.Ordinal);

    /// <param name="project">the project file, relative to the repository root (ChannelServer/ChannelServer.csproj)</param>
    /// <returns>the path of the published executable</returns>
    public static Task<string> PublishAsync(string project) =>
        Builds.GetOrAdd(project, p => new Lazy<Task<string>>(() => RunPublishAsync(p))).Value;

    private static async Task<string> RunPublishAsync(string project)
    {
        var output = Directory.CreateTempSubdirectory("native-build-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(output);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "publish", project, "-c", "Release", "-o", output, "-nologo", "-v", "q" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(PublishTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet publish {project} took longer than {PublishTimeout.TotalMinutes} min");
        }

        var log = (await stdout) + (await stderr);
        if (process.ExitCode != 0)
        {
            // The native linker step is the usual cause on a new machine.
            throw new InvalidOperationException(
                $"dotnet publish {project} failed (exit {process.ExitCode}); Native AOT needs clang and zlib1g-dev " +
                $"(apt-get install -y clang zlib1g-dev, as .ci/run does):\n{Tail(log)}");
        }

        var executable = Path.Combine(output, Path.GetFileNameWithoutExtension(project));
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"dotnet publish {project} wrote no native executable {executable}:\n{Tail(log)}");
        }

        return executable;
    }

    private static string Tail(string log) => log.Length <= 4000 ? log : log[^4000..];

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
