using System.Text.Json.Nodes;

namespace Sandbox.Storage;

/// <summary>
/// events.k8s.io/v1 and core/v1 Events are one stored object seen two ways, as in kube-apiserver: the
/// core form is stored; the events.k8s.io form renames <c>involvedObject</c> to <c>regarding</c>,
/// <c>message</c> to <c>note</c>, <c>source</c>/<c>firstTimestamp</c>/<c>lastTimestamp</c>/<c>count</c> to their
/// <c>deprecated</c> names and <c>reportingComponent</c> to <c>reportingController</c>, and selects by those names.
/// </summary>
public static class EventConversion
{
    // (core/v1 name, events.k8s.io/v1 name)
    private static readonly (string Core, string V1)[] Renamed =
    [
        ("involvedObject", "regarding"),
        ("message", "note"),
        ("source", "deprecatedSource"),
        ("firstTimestamp", "deprecatedFirstTimestamp"),
        ("lastTimestamp", "deprecatedLastTimestamp"),
        ("count", "deprecatedCount"),
        ("reportingComponent", "reportingController"),
    ];

    public static JsonObject ToEventsV1(JsonObject core) => Rename(core, "events.k8s.io/v1", c => c.Core, c => c.V1);

    public static JsonObject ToCore(JsonObject v1) => Rename(v1, "v1", c => c.V1, c => c.Core);

    /// <summary>An events.k8s.io field selector label as the stored (core) object names the field.</summary>
    public static string FieldLabelToCore(string label) =>
        label.StartsWith("regarding.", StringComparison.Ordinal) ? "involvedObject." + label["regarding.".Length..]
        : label == "reportingController" ? "reportingComponent"
        : label;

    private static JsonObject Rename(JsonObject from, string apiVersion, Func<(string Core, string V1), string> source, Func<(string Core, string V1), string> target)
    {
        var result = new JsonObject();
        foreach (var (key, value) in from)
        {
            var renamed = Renamed.FirstOrDefault(r => source(r) == key);
            result[renamed.Core is null ? key : target(renamed)] = value?.DeepClone();
        }

        result["apiVersion"] = apiVersion;
        return result;
    }
}
