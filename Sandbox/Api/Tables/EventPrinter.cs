using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api.Tables;

/// <summary>kubectl's event columns: LAST SEEN TYPE REASON OBJECT MESSAGE (core/v1 and events.k8s.io/v1 field names).</summary>
internal sealed class EventPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Last Seen", "string", 0, "", "Time when last event from this object was observed."),
        new("Type", "string", 0, "", "Type of this event (Normal, Warning), new types could be added in the future."),
        new("Reason", "string", 0, "", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
        new("Object", "string", 0, "", "The object that this event is about."),
        new("Message", "string", 0, "", "A human-readable description of the status of this operation."),
    ];

    public IEnumerable<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var last = Json.ParseTimestamp(obj.GetString("lastTimestamp") ?? obj.GetString("deprecatedLastTimestamp") ?? obj.GetString("eventTime")
            ?? obj.GetString("series", "lastObservedTime") ?? obj.GetString("metadata", "creationTimestamp"));
        var regarding = obj["involvedObject"] ?? obj["regarding"];
        return
        [
            last is null ? "<unknown>" : HumanDuration.Format(now - last.Value),
            obj.GetString("type") ?? "",
            obj.GetString("reason") ?? "",
            $"{(regarding.GetString("kind") ?? "").ToLowerInvariant()}/{regarding.GetString("name")}",
            obj.GetString("message") ?? obj.GetString("note") ?? "",
        ];
    }
}
