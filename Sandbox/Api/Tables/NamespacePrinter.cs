using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api.Tables;

internal sealed class NamespacePrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
        [TableConverter.NameColumn, new("Status", "string", 0, "", "The status of the namespace"), TableConverter.AgeColumn];

    public IEnumerable<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
        [obj.GetString("metadata", "name"), obj.GetString("status", "phase") ?? "Active", TableConverter.Age(obj, now)];
}
