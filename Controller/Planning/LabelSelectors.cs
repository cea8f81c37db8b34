using k8s.Models;

namespace Controller.Planning;

/// <summary>Kubernetes label selectors: matching, validating and rendering them in the string form kubectl takes.</summary>
public static class LabelSelectors
{
    private static readonly HashSet<string> Operators = ["In", "NotIn", "Exists", "DoesNotExist"];

    /// <summary>Null when the selector is valid, else why not (the rules of metav1.LabelSelectorAsSelector).</summary>
    public static string? Problem(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return null;
        }

        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!LabelSyntax.IsQualifiedName(key))
            {
                return $"invalid label key \"{key}\"";
            }

            if (!LabelSyntax.IsValue(value))
            {
                return $"invalid label value \"{value}\"";
            }
        }

        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            if (!LabelSyntax.IsQualifiedName(requirement.Key))
            {
                return $"invalid label key \"{requirement.Key}\"";
            }

            if (!Operators.Contains(requirement.OperatorProperty ?? ""))
            {
                return $"\"{requirement.OperatorProperty}\" is not a valid label selector operator";
            }

            var values = requirement.Values ?? [];
            var needsValues = requirement.OperatorProperty is "In" or "NotIn";
            if (needsValues && values.Count == 0)
            {
                return $"for '{requirement.OperatorProperty}' operator, values set can't be empty";
            }

            if (!needsValues && values.Count > 0)
            {
                return $"values set must be empty for exists and does not exist";
            }

            if (values.FirstOrDefault(v => !LabelSyntax.IsValue(v)) is { } bad)
            {
                return $"invalid label value \"{bad}\"";
            }
        }

        return null;
    }

    /// <summary>A missing selector matches nothing; an empty one matches everything.</summary>
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null || Problem(selector) is not null)
        {
            return false;
        }

        labels ??= new Dictionary<string, string>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        foreach (var r in selector.MatchExpressions ?? [])
        {
            var has = labels.TryGetValue(r.Key, out var actual);
            var ok = r.OperatorProperty switch
            {
                "In" => has && r.Values!.Contains(actual!),
                "NotIn" => !has || !r.Values!.Contains(actual!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The string form (<c>a=b,c in (d,e),!f</c>), requirements sorted by key as Kubernetes prints them.</summary>
    public static string Render(V1LabelSelector selector)
    {
        var parts = new List<(string Key, string Text)>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            parts.Add((key, $"{key}={value}"));
        }

        foreach (var r in selector.MatchExpressions ?? [])
        {
            var values = string.Join(",", (r.Values ?? []).Order(StringComparer.Ordinal));
            parts.Add((r.Key, r.OperatorProperty switch
            {
                "In" => $"{r.Key} in ({values})",
                "NotIn" => $"{r.Key} notin ({values})",
                "Exists" => r.Key,
                _ => $"!{r.Key}",
            }));
        }

        return string.Join(",", parts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Text));
    }
}
