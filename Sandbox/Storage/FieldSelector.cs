namespace Sandbox.Storage;

/// <summary>
/// Field selectors the sandbox understands: <c>metadata.name</c>, <c>metadata.namespace</c> on every
/// kind, plus a few of kube-apiserver's per-kind fields (<c>spec.nodeName</c>, <c>status.phase</c> for pods,
/// <c>spec.unschedulable</c> for nodes, <c>involvedObject.*</c>, <c>reason</c>, <c>type</c>, <c>source</c> and
/// <c>reportingComponent</c> for events), with <c>=</c>, <c>==</c> and <c>!=</c>.
/// </summary>
public sealed class FieldSelector
{
    private readonly IReadOnlyList<(string Field, bool Equal, string Value)> _terms;

    private FieldSelector(IReadOnlyList<(string, bool, string)> terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    /// <summary>The name this selector pins, if any: lets a list skip the scan.</summary>
    public string? PinnedName => _terms.FirstOrDefault(t => t.Field == "metadata.name" && t.Equal).Value;

    public static FieldSelector Parse(string? text, ResourceType type)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string, bool, string)>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (field, equal, value) = part.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0
                ? (part[..ne], false, part[(ne + 2)..])
                : part.IndexOf("==", StringComparison.Ordinal) is var ee and > 0
                    ? (part[..ee], true, part[(ee + 2)..])
                    : part.IndexOf('=', StringComparison.Ordinal) is var e and > 0
                        ? (part[..e], true, part[(e + 1)..])
                        : throw new FormatException($"invalid selector: '{part}'; can't understand '{part}'");
            field = field.Trim();
            if (type.ToServed == EventConversion.ToEventsV1)
            {
                // events.k8s.io selects by its own field names; the stored object has the core ones
                field = EventConversion.FieldLabelToCore(field);
            }

            if (Extract(field, type, null) is null && !IsKnown(field, type))
            {
                throw new FormatException($"field label not supported: {field}");
            }

            terms.Add((field, equal, value.Trim()));
        }

        return new FieldSelector(terms);
    }

    public bool Matches(StoredObject obj)
    {
        foreach (var (field, equal, value) in _terms)
        {
            if ((Extract(field, obj.Type, obj) == value) != equal)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsKnown(string field, ResourceType type) =>
        field is "metadata.name" or "metadata.namespace"
        || (Kinds.BuiltInKinds.For(type.StoredAs ?? type)?.FieldLabels.Contains(field) ?? false);

    private static string? Extract(string field, ResourceType type, StoredObject? obj)
    {
        if (obj is null)
        {
            return null;
        }

        var o = obj.Object;
        return field switch
        {
            "metadata.name" => obj.Name,
            "metadata.namespace" => obj.Namespace,
            "spec.unschedulable" => o.GetBool("spec", "unschedulable") ? "true" : "false",
            "status.successful" => (o.GetLong("status", "succeeded") ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "source" => o.GetString("source", "component") ?? "",
            _ => o.GetString(field.Split('.')) ?? "",
        };
    }
}
