using System.Text.RegularExpressions;

namespace Docs.Tests.Readme;

/// <summary>
/// Reads the README's shell blocks the way the README test runs them. The conventions (also in
/// docs/readme-tests.md):
/// <list type="bullet">
/// <item>every <c>```sh</c> block runs, in order, from the repository root; the blocks of one <c>##</c> section share
/// one shell session (an <c>export</c> carries over to the next block);</item>
/// <item>a <c>#</c> line directly under a command (no blank line between) is output the README shows for it and is
/// compared; <c>...</c> stands for anything and runs of spaces count as one; output that only illustrates goes in
/// a <c>```text</c> block, which is not run;</item>
/// <item><c>&lt;!-- readme-test: skip because REASON --&gt;</c> on the line before a block keeps it from running; the
/// reason is required and printed.</item>
/// </list>
/// </summary>
public static partial class ReadmeDocument
{
    public static IReadOnlyList<ReadmeSection> Parse(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var sections = new List<ReadmeSection>();
        var title = "(top)";
        var blocks = new List<ShellBlock>();
        string? pendingSkip = null;

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                sections.Add(new ReadmeSection(title, blocks));
                (title, blocks, pendingSkip) = (line[3..].Trim(), [], null);
                continue;
            }

            if (Directive().Match(line) is { Success: true } directive)
            {
                var skip = SkipDirective().Match(directive.Groups["body"].Value);
                if (!skip.Success || skip.Groups["reason"].Value.Trim().Length == 0)
                {
                    throw new FormatException($"README line {i + 1}: unknown readme-test marker '{line.Trim()}' (known: <!-- readme-test: skip because REASON -->)");
                }

                pendingSkip = skip.Groups["reason"].Value.Trim();
                continue;
            }

            if (line.TrimEnd() == "```sh")
            {
                var start = i + 1;
                var body = new List<string>();
                for (i++; i < lines.Length && !lines[i].StartsWith("```", StringComparison.Ordinal); i++)
                {
                    body.Add(lines[i]);
                }

                if (i == lines.Length)
                {
                    throw new FormatException($"README line {start}: the ```sh block is never closed");
                }

                blocks.Add(new ShellBlock(start, SplitCommands(body, start + 1), pendingSkip));
                pendingSkip = null;
                continue;
            }

            if (line.Trim().Length > 0 && pendingSkip is not null && !line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                throw new FormatException($"README line {i + 1}: a skip marker must stand right before the block it skips");
            }
        }

        sections.Add(new ReadmeSection(title, blocks));
        return sections.Where(s => s.Blocks.Count > 0).ToList();
    }

    /// <summary>
    /// Splits a block into commands: a line ending in a backslash continues on the next, and a <c>for</c>/<c>while</c>/
    /// <c>if</c> runs to its <c>done</c>/<c>fi</c>. Comment lines under a command are its shown output; other comment
    /// lines and blank lines are prose.
    /// </summary>
    public static IReadOnlyList<ShellCommand> SplitCommands(IReadOnlyList<string> body, int firstLine)
    {
        var commands = new List<ShellCommand>();
        for (var i = 0; i < body.Count; i++)
        {
            var line = body[i];
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var start = i;
            var text = new List<string> { line };
            var depth = Depth(line);
            while (i + 1 < body.Count && (text[^1].EndsWith('\\') || depth > 0))
            {
                i++;
                text.Add(body[i]);
                depth += Depth(body[i]);
            }

            var shown = new List<string>();
            while (i + 1 < body.Count && body[i + 1].TrimStart().StartsWith('#'))
            {
                i++;
                shown.Add(body[i].TrimStart().TrimStart('#').Trim());
            }

            commands.Add(new ShellCommand(firstLine + start, string.Join('\n', text), shown));
        }

        return commands;
    }

    private static int Depth(string line) =>
        (Opens().IsMatch(line) ? 1 : 0) - (Closes().IsMatch(line) ? 1 : 0);

    [GeneratedRegex(@"^\s*<!--\s*readme-test:(?<body>.*?)-->\s*$")]
    private static partial Regex Directive();

    [GeneratedRegex(@"^\s*skip because (?<reason>.+)$")]
    private static partial Regex SkipDirective();

    [GeneratedRegex(@"^\s*(for|while|until|if)\b")]
    private static partial Regex Opens();

    [GeneratedRegex(@"(^\s*|;\s*)(done|fi)\b[^#]*(#.*)?$")]
    private static partial Regex Closes();
}
