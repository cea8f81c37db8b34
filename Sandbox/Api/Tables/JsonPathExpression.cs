using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sandbox.Api.Tables;

/// <summary>
/// The JSONPath subset printer columns use: <c>.a.b</c>, <c>.a[0]</c>, <c>.a[*]</c>, and filters
/// <c>[?(@.type=='Complete')]</c> / <c>[?(@.message!='')]</c> (string or number literals, <c>==</c> / <c>!=</c>).
/// </summary>
public sealed class JsonPathExpression
{
    private readonly List<Step> _steps;

    private JsonPathExpression(List<Step> steps) => _steps = steps;

    public static JsonPathExpression Parse(string text)
    {
        var s = text.Trim();
        if (s.StartsWith('{') && s.EndsWith('}'))
        {
            s = s[1..^1];
        }

        if (s.StartsWith('$'))
        {
            s = s[1..];
        }

        var steps = new List<Step>();
        var i = 0;
        while (i < s.Length)
        {
            if (s[i] == '.')
            {
                var end = i + 1;
                while (end < s.Length && s[end] != '.' && s[end] != '[')
                {
                    end++;
                }

                if (end > i + 1)
                {
                    steps.Add(new Step(StepKind.Field, s[(i + 1)..end]));
                }

                i = end;
            }
            else if (s[i] == '[')
            {
                var close = FindClose(s, i);
                var inner = s[(i + 1)..close].Trim();
                if (inner == "*")
                {
                    steps.Add(new Step(StepKind.All, ""));
                }
                else if (inner.StartsWith("?(", StringComparison.Ordinal) && inner.EndsWith(')'))
                {
                    steps.Add(ParseFilter(inner[2..^1].Trim()));
                }
                else if (inner.StartsWith('\'') && inner.EndsWith('\''))
                {
                    steps.Add(new Step(StepKind.Field, inner[1..^1]));
                }
                else
                {
                    steps.Add(new Step(StepKind.Index, inner));
                }

                i = close + 1;
            }
            else
            {
                var end = i;
                while (end < s.Length && s[end] != '.' && s[end] != '[')
                {
                    end++;
                }

                steps.Add(new Step(StepKind.Field, s[i..end]));
                i = end;
            }
        }

        return new JsonPathExpression(steps);
    }

    public IReadOnlyList<JsonNode?> Evaluate(JsonNode? root)
    {
        IEnumerable<JsonNode?> current = [root];
        foreach (var step in _steps)
        {
            current = current.SelectMany(step.Apply).ToList();
        }

        return current.ToList();
    }

    /// <summary>A value as a printer column prints it: strings bare, everything else as JSON.</summary>
    public static string Print(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private static int FindClose(string s, int open)
    {
        var depth = 0;
        var quoted = false;
        for (var j = open; j < s.Length; j++)
        {
            switch (s[j])
            {
                case '\'' or '"':
                    quoted = !quoted;
                    break;
                case '[' when !quoted:
                    depth++;
                    break;
                case ']' when !quoted:
                    depth--;
                    if (depth == 0)
                    {
                        return j;
                    }

                    break;
            }
        }

        throw new FormatException($"unclosed [ in JSONPath {s}");
    }

    private static Step ParseFilter(string filter)
    {
        foreach (var op in new[] { "==", "!=" })
        {
            var at = filter.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                var left = filter[..at].Trim();
                var right = filter[(at + 2)..].Trim();
                if (!left.StartsWith('@'))
                {
                    throw new FormatException($"unsupported JSONPath filter {filter}");
                }

                var path = Parse(left[1..]);
                var literal = right.Length >= 2 && right[0] is '\'' or '"' ? right[1..^1] : right;
                return new Step(op == "==" ? StepKind.FilterEqual : StepKind.FilterNotEqual, literal) { Path = path };
            }
        }

        // [?(@.field)]: the field exists
        return new Step(StepKind.FilterExists, "") { Path = Parse(filter.TrimStart('@')) };
    }

    private enum StepKind { Field, Index, All, FilterEqual, FilterNotEqual, FilterExists }

    private sealed record Step(StepKind Kind, string Argument)
    {
        public JsonPathExpression? Path { get; init; }

        public IEnumerable<JsonNode?> Apply(JsonNode? node)
        {
            switch (Kind)
            {
                case StepKind.Field:
                    if (node is JsonObject o && o.TryGetPropertyValue(Argument, out var child))
                    {
                        yield return child;
                    }

                    break;
                case StepKind.Index:
                    if (node is JsonArray a && int.TryParse(Argument, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
                    {
                        if (index < 0)
                        {
                            index += a.Count;
                        }

                        if (index >= 0 && index < a.Count)
                        {
                            yield return a[index];
                        }
                    }

                    break;
                case StepKind.All:
                    if (node is JsonArray all)
                    {
                        foreach (var item in all)
                        {
                            yield return item;
                        }
                    }
                    else if (node is JsonObject obj)
                    {
                        foreach (var (_, value) in obj)
                        {
                            yield return value;
                        }
                    }

                    break;
                default:
                    if (node is JsonArray items)
                    {
                        foreach (var item in items)
                        {
                            var found = Path!.Evaluate(item);
                            var match = Kind switch
                            {
                                StepKind.FilterExists => found.Count > 0,
                                StepKind.FilterEqual => found.Count > 0 && Print(found[0]) == Argument,
                                _ => found.Count > 0 && Print(found[0]) != Argument,
                            };
                            if (match)
                            {
                                yield return item;
                            }
                        }
                    }

                    break;
            }
        }
    }
}
