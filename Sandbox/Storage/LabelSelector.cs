using System.Text.Json.Nodes;

namespace Sandbox.Storage;

/// <summary>
/// A Kubernetes label selector: the query-string form (<c>a=b,c!=d,e in (f,g),h,!i</c>) or the
/// structured form (<c>matchLabels</c>, <c>matchExpressions</c>). All requirements must hold.
/// </summary>
public sealed class LabelSelector
{
    private readonly IReadOnlyList<Requirement> _requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEmpty => _requirements.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var r in _requirements)
        {
            if (!r.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<Requirement>();
        foreach (var part in SplitTopLevel(text))
        {
            requirements.Add(ParseRequirement(part.Trim(), text));
        }

        return new LabelSelector(requirements);
    }

    /// <summary>The structured form. A null selector selects nothing when <paramref name="nullMatchesNothing"/>.</summary>
    public static LabelSelector? FromJson(JsonNode? node, bool nullMatchesNothing = false)
    {
        if (node is not JsonObject o)
        {
            return nullMatchesNothing ? null : Everything;
        }

        var requirements = new List<Requirement>();
        foreach (var (k, v) in Json.StringMap(o["matchLabels"]))
        {
            requirements.Add(new Requirement(k, Operator.Equals, [v]));
        }

        foreach (var e in o["matchExpressions"].Objects())
        {
            var key = e.GetString("key") ?? throw new FormatException("matchExpressions entry without key");
            var values = e["values"].Strings().ToArray();
            var op = e.GetString("operator") switch
            {
                "In" => Operator.In,
                "NotIn" => Operator.NotIn,
                "Exists" => Operator.Exists,
                "DoesNotExist" => Operator.DoesNotExist,
                var other => throw new FormatException($"{other}: is not a valid label selector operator"),
            };
            requirements.Add(new Requirement(key, op, values));
        }

        return new LabelSelector(requirements);
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }

    private static Requirement ParseRequirement(string part, string whole)
    {
        if (part.Length == 0)
        {
            throw new FormatException($"unable to parse requirement: found '', expected: identifier in \"{whole}\"");
        }

        if (part[0] == '!')
        {
            return new Requirement(CheckKey(part[1..].Trim(), whole), Operator.DoesNotExist, []);
        }

        foreach (var (token, op) in new[] { ("!=", Operator.NotEquals), ("==", Operator.Equals), ("=", Operator.Equals) })
        {
            var at = part.IndexOf(token, StringComparison.Ordinal);
            if (at > 0)
            {
                return new Requirement(CheckKey(part[..at].Trim(), whole), op, [part[(at + token.Length)..].Trim()]);
            }
        }

        var words = part.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 2)
        {
            var rest = words[1];
            var setOp = rest.StartsWith("notin", StringComparison.Ordinal) ? Operator.NotIn
                : rest.StartsWith("in", StringComparison.Ordinal) ? Operator.In
                : throw new FormatException($"unable to parse requirement \"{part}\" in \"{whole}\"");
            var open = rest.IndexOf('(', StringComparison.Ordinal);
            var close = rest.LastIndexOf(')');
            if (open < 0 || close < open)
            {
                throw new FormatException($"unable to parse requirement \"{part}\": expected '(' ... ')'");
            }

            var values = rest[(open + 1)..close].Split(',', StringSplitOptions.TrimEntries).Where(v => v.Length > 0).ToArray();
            return new Requirement(CheckKey(words[0], whole), setOp, values);
        }

        return new Requirement(CheckKey(part, whole), Operator.Exists, []);
    }

    private static string CheckKey(string key, string whole)
    {
        if (key.Length == 0 || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')))
        {
            throw new FormatException($"unable to parse requirement: invalid label key \"{key}\" in \"{whole}\"");
        }

        return key;
    }

    private enum Operator { Equals, NotEquals, In, NotIn, Exists, DoesNotExist }

    private sealed record Requirement(string Key, Operator Op, IReadOnlyList<string> Values)
    {
        public bool Matches(IReadOnlyDictionary<string, string> labels)
        {
            var has = labels.TryGetValue(Key, out var value);
            return Op switch
            {
                Operator.Equals => has && value == Values[0],
                Operator.NotEquals => !has || value != Values[0],
                Operator.In => has && Values.Contains(value!),
                Operator.NotIn => !has || !Values.Contains(value!),
                Operator.Exists => has,
                _ => !has,
            };
        }
    }
}
