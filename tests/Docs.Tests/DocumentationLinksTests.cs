using System.Text.RegularExpressions;
using TestSupport;

namespace Docs.Tests;

/// <summary>The README and docs/ link only into the repository, and every link leads to a file that exists.</summary>
public sealed partial class DocumentationLinksTests
{
    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string> { "README.md", "config/README.md" };
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md"))
        {
            data.Add(Path.GetRelativePath(RepoPaths.Root, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_link_leads_to_a_file_of_the_repository(string document)
    {
        var path = Path.Combine(RepoPaths.Root, document);
        var root = Path.GetFullPath(RepoPaths.Root) + Path.DirectorySeparatorChar;
        var broken = new List<string>();
        foreach (var target in Link().Matches(File.ReadAllText(path)).Select(m => m.Groups["target"].Value))
        {
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith('#'))
            {
                broken.Add($"{target} (links outside the repository)");
                continue;
            }

            var file = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, target.Split('#')[0]));
            if (!file.StartsWith(root, StringComparison.Ordinal) || !(File.Exists(file) || Directory.Exists(file)))
            {
                broken.Add(target);
            }
        }

        Assert.True(broken.Count == 0, $"{document}: " + string.Join(", ", broken));
    }

    [Fact]
    public void No_comment_in_the_code_points_at_a_numbered_section_of_a_document_outside_the_repository()
    {
        var offenders = Directory.EnumerateFiles(RepoPaths.Root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
            .Where(x => SpecSection().IsMatch(x.line) || (x.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && x.line.Contains("shared/spec", StringComparison.Ordinal)))
            .Select(x => $"{Path.GetRelativePath(RepoPaths.Root, x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, string.Join('\n', offenders));
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"//.*\b(spec )?sections? \d", RegexOptions.IgnoreCase)]
    private static partial Regex SpecSection();
}
