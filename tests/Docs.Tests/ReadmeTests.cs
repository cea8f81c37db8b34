using System.Diagnostics;
using Docs.Tests.Readme;
using TestSupport;
using Xunit.Abstractions;

namespace Docs.Tests;

/// <summary>
/// The README's shell blocks, read from README.md when the test runs and run as written from the repository root:
/// servers in the background on the loopback ports the README names, the shown output compared.
/// </summary>
public sealed class ReadmeTests(ITestOutputHelper log)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ShownOutputTimeout = TimeSpan.FromSeconds(90);

    private static string ReadmePath => Path.Combine(RepoPaths.Root, "README.md");

    private static IReadOnlyList<ReadmeSection> Sections() => ReadmeDocument.Parse(File.ReadAllText(ReadmePath));

    public static TheoryData<string> SectionTitles()
    {
        var data = new TheoryData<string>();
        foreach (var section in Sections())
        {
            data.Add(section.Title);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SectionTitles))]
    public async Task The_section_runs_as_written(string title)
    {
        var section = Assert.Single(Sections(), s => s.Title == title);
        using var shell = new ShellSession(RepoPaths.Root);
        var servers = new List<BackgroundProgram>();
        try
        {
            foreach (var block in section.Blocks)
            {
                if (block.SkipReason is { } reason)
                {
                    log.WriteLine($"README line {block.Line}: skipped because {reason}");
                    continue;
                }

                foreach (var command in block.Commands)
                {
                    await RunAsync(command, shell, servers);
                }
            }

            foreach (var server in servers)
            {
                Assert.False(server.HasExited, $"{server.Kind} ({server.Command.Split('\n')[0]}) ended before the section did:\n{server.Output}");
            }
        }
        finally
        {
            foreach (var server in Enumerable.Reverse(servers))
            {
                await server.DisposeAsync();
            }
        }
    }

    [Fact]
    public void Every_section_with_commands_is_run_and_every_skip_says_why()
    {
        var sections = Sections();
        var blocks = sections.SelectMany(s => s.Blocks).ToList();
        var skipped = blocks.Where(b => b.SkipReason is not null).ToList();
        foreach (var block in skipped)
        {
            log.WriteLine($"README line {block.Line}: skipped because {block.SkipReason}");
        }

        log.WriteLine($"{blocks.Count} shell blocks, {skipped.Count} skipped, {blocks.Sum(b => b.Commands.Count)} commands");
        Assert.All(sections, s => Assert.NotEmpty(s.Blocks));
        Assert.True(skipped.Count * 3 < blocks.Count, "most of the README's shell blocks must run");
        Assert.Contains(sections, s => s.Title.StartsWith("Walkthrough", StringComparison.Ordinal));
    }

    private async Task RunAsync(ShellCommand command, ShellSession shell, List<BackgroundProgram> servers)
    {
        var first = command.Text.Split('\n')[0];
        var clock = Stopwatch.StartNew();
        if (command.Server is { } kind)
        {
            servers.Add(await BackgroundProgram.StartAsync(kind, command.Text, RepoPaths.Root, shell.StateFile, CommandTimeout));
            log.WriteLine($"README line {command.Line}: started {kind} in the background ({clock.Elapsed.TotalSeconds:0.0} s): {first}");
            return;
        }

        while (true)
        {
            var (exit, output) = await shell.RunAsync(command.Text, CommandTimeout);
            var shownMatches = ShownOutput.Matches(command.ShownOutput, output);
            if (exit == 0 && shownMatches)
            {
                log.WriteLine($"README line {command.Line}: ok ({clock.Elapsed.TotalSeconds:0.0} s): {first}");
                return;
            }

            // Shown output of a cluster that is still converging (the controller reconciles after an apply):
            // the same command is asked again, as a reader would, for a bounded time.
            if (exit != 0 || command.ShownOutput.Count == 0 || clock.Elapsed > ShownOutputTimeout)
            {
                var servers_ = string.Join("\n", servers.Select(s => $"--- {s.Kind} output:\n{Tail(s.Output)}"));
                Assert.Fail(exit != 0
                    ? $"README line {command.Line}: exit code {exit}: {command.Text}\n{output}\n{servers_}"
                    : $"README line {command.Line}: the output does not show what the README shows.\ncommand: {command.Text}\nREADME shows:\n{string.Join('\n', command.ShownOutput)}\noutput:\n{output}\n{servers_}");
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(40));
}
