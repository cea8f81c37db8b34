using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api.Tables;

internal sealed class DefaultPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } = [TableConverter.NameColumn, TableConverter.AgeColumn];

    public IEnumerable<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
        [obj.GetString("metadata", "name"), TableConverter.Age(obj, now)];
}
