using System.Diagnostics.CodeAnalysis;
using Contracts.Versions;

namespace Sandbox.Simulation;

/// <summary>
/// A fault the simulation plays on one node, read from the node's annotations (so it can be set and
/// lifted with <c>kubectl annotate</c> while the sandbox runs) or given per node at start with
/// <c>--node-fault NODE=FAULT[:RECOVER_AFTER]</c>, which only writes those annotations.
/// </summary>
public sealed record NodeFault(NodeFaultKind Kind, TimeSpan? RecoverAfter = null)
{
    public const string FaultAnnotation = "sandbox.channels.dev/fault";

    /// <summary>A Go duration: how long after going NotReady a <c>not-ready-after-upgrade</c> node comes back.</summary>
    public const string RecoverAfterAnnotation = "sandbox.channels.dev/recover-after";

    /// <summary>Written by the simulation: the version an upgrade installed whose kubelet has not come up yet.</summary>
    public const string UpgradedToAnnotation = "sandbox.channels.dev/upgraded-to";

    public static IReadOnlyList<string> Names { get; } = ["stale-kubelet", "not-ready-after-upgrade", "not-ready"];

    public string Name => Kind switch
    {
        NodeFaultKind.StaleKubelet => "stale-kubelet",
        NodeFaultKind.NotReadyAfterUpgrade => "not-ready-after-upgrade",
        _ => "not-ready",
    };

    /// <summary>The fault a node's annotations describe; null when there is none or it does not parse (writes are validated, see <see cref="Validate"/>).</summary>
    public static NodeFault? Of(IReadOnlyDictionary<string, string> annotations) =>
        annotations.TryGetValue(FaultAnnotation, out var fault) && TryParse(fault, annotations.GetValueOrDefault(RecoverAfterAnnotation), out var parsed, out _)
            ? parsed
            : null;

    public static bool TryParse(string fault, string? recoverAfter, [NotNullWhen(true)] out NodeFault? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        NodeFaultKind? kind = fault switch
        {
            "stale-kubelet" => NodeFaultKind.StaleKubelet,
            "not-ready-after-upgrade" => NodeFaultKind.NotReadyAfterUpgrade,
            "not-ready" => NodeFaultKind.NotReady,
            _ => null,
        };
        if (kind is null)
        {
            error = $"unknown node fault \"{fault}\": expected one of {string.Join(", ", Names)}";
            return false;
        }

        if (recoverAfter is null)
        {
            parsed = new NodeFault(kind.Value);
            error = null;
            return true;
        }

        if (!GoDuration.TryParse(recoverAfter, out var after, out var durationError))
        {
            error = durationError;
            return false;
        }

        if (after < TimeSpan.Zero)
        {
            error = $"recover-after \"{recoverAfter}\" must not be negative";
            return false;
        }

        parsed = new NodeFault(kind.Value, after);
        error = null;
        return true;
    }

    /// <summary>
    /// Admission of a node write: a fault annotation the simulation could not read is refused rather than
    /// ignored. A recover-after without a fault is accepted (removing the fault alone must stay possible).
    /// </summary>
    public static IReadOnlyList<(string Field, string Reason, string Message)> Validate(IReadOnlyDictionary<string, string> annotations)
    {
        var causes = new List<(string, string, string)>();
        if (annotations.TryGetValue(RecoverAfterAnnotation, out var recoverAfter) &&
            (!GoDuration.TryParse(recoverAfter, out var after, out var durationError) || after < TimeSpan.Zero))
        {
            causes.Add(($"metadata.annotations[{RecoverAfterAnnotation}]", "FieldValueInvalid",
                $"Invalid value: \"{recoverAfter}\": {durationError ?? "must not be negative"}"));
        }
        else if (annotations.TryGetValue(FaultAnnotation, out var fault) && !TryParse(fault, null, out _, out var faultError))
        {
            causes.Add(($"metadata.annotations[{FaultAnnotation}]", "FieldValueNotSupported", $"Unsupported value: \"{fault}\": {faultError}"));
        }

        return causes;
    }

    /// <summary><c>NODE=FAULT[:RECOVER_AFTER]</c>, the <c>--node-fault</c> flag.</summary>
    public static bool TryParseFlag(string text, out (string Node, NodeFault Fault) value, [NotNullWhen(false)] out string? error)
    {
        value = default;
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            error = $"'{text}' is not NODE=FAULT[:RECOVER_AFTER]";
            return false;
        }

        var node = text[..eq];
        var rest = text[(eq + 1)..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var (fault, recoverAfter) = colon < 0 ? (rest, null) : (rest[..colon], rest[(colon + 1)..]);
        if (!TryParse(fault, recoverAfter, out var parsed, out var why))
        {
            error = $"{text}: {why}";
            return false;
        }

        if (parsed.RecoverAfter is not null && parsed.Kind != NodeFaultKind.NotReadyAfterUpgrade)
        {
            error = $"{text}: only not-ready-after-upgrade takes a recovery time";
            return false;
        }

        (value, error) = ((node, parsed), null);
        return true;
    }

    /// <summary>The node annotations that carry this fault.</summary>
    public IEnumerable<KeyValuePair<string, string>> Annotations()
    {
        yield return new(FaultAnnotation, Name);
        if (RecoverAfter is { } after)
        {
            yield return new(RecoverAfterAnnotation, GoDuration.Format(after));
        }
    }
}
