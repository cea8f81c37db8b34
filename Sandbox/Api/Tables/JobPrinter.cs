using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api.Tables;

/// <summary>kubectl 1.32's job columns: NAME STATUS COMPLETIONS DURATION AGE.</summary>
internal sealed class JobPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableConverter.NameColumn,
        new("Status", "string", 0, "", "Status of the job."),
        new("Completions", "string", 0, "", "The desired number of successfully finished pods the job should be run with."),
        new("Duration", "string", 0, "", "Time required to complete the job."),
        TableConverter.AgeColumn,
        new("Containers", "string", 1, "", "Names of each container in the template."),
        new("Images", "string", 1, "", "Images referenced by each container in the template."),
        new("Selector", "string", 1, "", "Label selector for pods."),
    ];

    public IEnumerable<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        bool Has(string type) => obj.GetPath("status", "conditions").Objects().Any(c => c.GetString("type") == type && c.GetString("status") == "True");
        var status = obj.GetString("metadata", "deletionTimestamp") is not null ? "Terminating"
            : Has("Complete") ? "Complete"
            : Has("Failed") ? "Failed"
            : Has("Suspended") ? "Suspended"
            : Has("FailureTarget") ? "FailureTarget"
            : Has("SuccessCriteriaMet") ? "SuccessCriteriaMet"
            : "Running";
        var completions = obj.GetLong("spec", "completions") is { } c
            ? $"{obj.GetLong("status", "succeeded") ?? 0}/{c}"
            : $"{obj.GetLong("status", "succeeded") ?? 0}/1 of {obj.GetLong("spec", "parallelism") ?? 1}";
        var start = Json.ParseTimestamp(obj.GetString("status", "startTime"));
        var end = Json.ParseTimestamp(obj.GetString("status", "completionTime"));
        var duration = start is null ? "" : HumanDuration.Format((end ?? now) - start.Value);
        var containers = obj.GetPath("spec", "template", "spec", "containers").Objects().ToList();
        var selector = obj.GetPath("spec", "selector", "matchLabels") is JsonObject ml
            ? string.Join(',', Json.StringMap(ml).Select(p => $"{p.Key}={p.Value}"))
            : "<none>";
        return
        [
            obj.GetString("metadata", "name"),
            status,
            completions,
            duration,
            TableConverter.Age(obj, now),
            string.Join(',', containers.Select(x => x.GetString("name"))),
            string.Join(',', containers.Select(x => x.GetString("image"))),
            selector,
        ];
    }
}
