using System.Text;
using System.Text.RegularExpressions;

namespace ChannelServer.Configuration;

/// <summary>
/// The parts of RE2's syntax (the reference's engine) that .NET spells differently or reads otherwise:
/// named groups <c>(?P&lt;name&gt;…)</c>, literal text <c>\Q…\E</c>, and POSIX classes inside brackets
/// (<c>[[:digit:]]</c>, <c>[[:^space:]]</c>), which .NET would take as a set of the letters
/// <c>[:digt</c>, silently matching something else; and <c>\d</c>, <c>\s</c>, <c>\w</c>, which are ASCII in RE2.
/// Everything else passes through unchanged: what .NET does not know (<c>\pN</c>, <c>(?U)</c>) is refused when
/// compiling, not misread. (<c>\b</c> stays .NET's, Unicode-aware: no release tag tells them apart.)
/// </summary>
public static class Re2Syntax
{
    // RE2's POSIX classes, all ASCII.
    private static readonly Dictionary<string, string> Posix = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z",
        ["alpha"] = "A-Za-z",
        ["ascii"] = @"\x00-\x7F",
        ["blank"] = @"\t ",
        ["cntrl"] = @"\x00-\x1F\x7F",
        ["digit"] = "0-9",
        ["graph"] = @"!-~",
        ["lower"] = "a-z",
        ["print"] = @" -~",
        ["punct"] = @"!-/:-@\[-`{-~",
        ["space"] = @"\t\n\v\f\r ",
        ["upper"] = "A-Z",
        ["word"] = "0-9A-Za-z_",
        ["xdigit"] = "0-9A-Fa-f",
    };

    private static readonly Dictionary<string, string> NegatedPosix = new(StringComparer.Ordinal)
    {
        // .NET has no negated range inside a positive class; these are the complements over all characters.
        ["digit"] = @"\x00-/:-\uFFFF",
        ["space"] = @"\x00-\x08\x0E-\x1F!-\uFFFF",
        ["alpha"] = @"\x00-@\[-`{-\uFFFF",
        ["alnum"] = @"\x00-/:-@\[-`{-\uFFFF",
        ["word"] = @"\x00-/:-@\[-\^`{-\uFFFF",
        ["lower"] = @"\x00-`{-\uFFFF",
        ["upper"] = @"\x00-@\[-\uFFFF",
        ["xdigit"] = @"\x00-/:-@G-`g-\uFFFF",
    };

    // RE2's \d, \s and \w are ASCII; .NET's also match other scripts' digits, spaces and letters.
    private static string? PerlClass(char name, bool inClass) => (name, inClass) switch
    {
        ('d', false) => "[0-9]",
        ('d', true) => "0-9",
        ('D', false) => "[^0-9]",
        ('D', true) => NegatedPosix["digit"],
        ('s', false) => @"[\t\n\f\r ]",
        ('s', true) => @"\t\n\f\r ",
        ('S', false) => @"[^\t\n\f\r ]",
        ('S', true) => @"\x00-\x08\x0B\x0E-\x1F!-\uFFFF",
        ('w', false) => "[0-9A-Za-z_]",
        ('w', true) => "0-9A-Za-z_",
        ('W', false) => "[^0-9A-Za-z_]",
        ('W', true) => NegatedPosix["word"],
        _ => null,
    };

    /// <exception cref="ArgumentException">an unknown POSIX class, or an unterminated <c>[</c></exception>
    public static string ToDotNet(string pattern)
    {
        var output = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                if (!inClass && pattern[i + 1] == 'Q')
                {
                    // \Q…\E (or to the end): every character literal.
                    var end = pattern.IndexOf(@"\E", i + 2, StringComparison.Ordinal);
                    var literal = end < 0 ? pattern[(i + 2)..] : pattern[(i + 2)..end];
                    output.Append(Regex.Escape(literal));
                    i = end < 0 ? pattern.Length : end + 1;
                    continue;
                }

                if (PerlClass(pattern[i + 1], inClass) is { } ascii)
                {
                    output.Append(ascii);
                }
                else
                {
                    output.Append(c).Append(pattern[i + 1]);
                }

                i++;
                continue;
            }

            if (!inClass)
            {
                if (c == '(' && pattern.AsSpan(i).StartsWith("(?P<"))
                {
                    output.Append("(?<");
                    i += 3;
                    continue;
                }

                output.Append(c);
                if (c == '[')
                {
                    inClass = true;
                    // A ']' right after '[' or '[^' is a literal member, not the end of the class.
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        output.Append('^');
                        i++;
                    }

                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        output.Append(@"\]");
                        i++;
                    }
                }

                continue;
            }

            if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
            {
                var close = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (close > 0)
                {
                    var name = pattern[(i + 2)..close];
                    var negated = name.StartsWith('^');
                    var key = negated ? name[1..] : name;
                    var table = negated ? NegatedPosix : Posix;
                    if (!table.TryGetValue(key, out var members))
                    {
                        throw new ArgumentException($"unknown or unsupported POSIX class [:{name}:]");
                    }

                    output.Append(members);
                    i = close + 1;
                    continue;
                }
            }

            output.Append(c);
            if (c == ']')
            {
                inClass = false;
            }
        }

        if (inClass)
        {
            throw new ArgumentException("missing closing ]");
        }

        return output.ToString();
    }
}
