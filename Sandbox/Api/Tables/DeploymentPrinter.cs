using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api.Tables;

internal sealed class DeploymentPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableConverter.NameColumn, new("Ready", "string"), new("Up-to-date", "integer"), new("Available", "integer"), TableConverter.AgeColumn,
    ];

    public IEnumerable<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        obj.GetString("metadata", "name"),
        $"{obj.GetLong("status", "readyReplicas") ?? 0}/{obj.GetLong("spec", "replicas") ?? 1}",
        obj.GetLong("status", "updatedReplicas") ?? 0,
        obj.GetLong("status", "availableReplicas") ?? 0,
        TableConverter.Age(obj, now),
    ];
}
