using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api.Tables;

internal sealed class CrdPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } = [TableConverter.NameColumn, new("Created At", "date", 0, "", "")];

    public IEnumerable<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
        [obj.GetString("metadata", "name"), obj.GetString("metadata", "creationTimestamp")];
}
