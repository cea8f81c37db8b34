using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api.Tables;

internal interface ITablePrinter
{
    IReadOnlyList<TableColumn> Columns { get; }

    IEnumerable<JsonNode?> Cells(JsonObject obj, DateTimeOffset now);
}
