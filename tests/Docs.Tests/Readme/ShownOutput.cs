using System.Text.RegularExpressions;

namespace Docs.Tests.Readme;

/// <summary>
/// Whether a command's output matches what the README shows under it: each shown line matches an output line,
/// in order (other lines may come between); <c>...</c> stands for anything; runs of whitespace count as one.
/// </summary>
public static partial class ShownOutput
{
    public static bool Matches(IReadOnlyList<string> shown, string output)
    {
        var actual = output.ReplaceLineEndings("\n").Split('\n').Select(Normalize).ToList();
        var next = 0;
        foreach (var line in shown)
        {
            var pattern = Pattern(line);
            while (next < actual.Count && !pattern.IsMatch(actual[next]))
            {
                next++;
            }

            if (next == actual.Count)
            {
                return false;
            }

            next++;
        }

        return true;
    }

    // A "..." standing as a word is any words or none ("a ... b" matches "a b" and "a x y b"); inside a word it is
    // anything ("v1.28...").
    private static Regex Pattern(string shownLine)
    {
        var words = Normalize(shownLine).Split(' ');
        var pattern = new System.Text.StringBuilder("^");
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i] == "...")
            {
                pattern.Append(i == 0 ? "(?:.* )?" : "(?: .*)?");
                continue;
            }

            var leadingEllipsis = i == 1 && words[0] == "...";
            pattern.Append(i == 0 || leadingEllipsis ? "" : " ").Append(string.Join(".*", words[i].Split("...").Select(Regex.Escape)));
        }

        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static string Normalize(string line) => Whitespace().Replace(line.Trim(), " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
