using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api.Tables;

internal sealed class CustomResourcePrinter(IReadOnlyList<PrinterColumn> columns) : ITablePrinter
{
    private readonly IReadOnlyList<(PrinterColumn Column, JsonPathExpression Path)> _columns =
        columns.Count == 0
            ? [(new PrinterColumn("Age", "date", ".metadata.creationTimestamp"), JsonPathExpression.Parse(".metadata.creationTimestamp"))]
            : columns.Select(c => (c, JsonPathExpression.Parse(c.JsonPath))).ToList();

    public IReadOnlyList<TableColumn> Columns =>
        [TableConverter.NameColumn, .. _columns.Select(c => new TableColumn(c.Column.Name, c.Column.Type, c.Column.Priority, c.Column.Format, c.Column.Description))];

    public IEnumerable<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        yield return obj.GetString("metadata", "name");
        foreach (var (column, path) in _columns)
        {
            var found = path.Evaluate(obj);
            if (found.Count == 0 || found[0] is null)
            {
                yield return null;
                continue;
            }

            var value = found[0]!;
            yield return column.Type == "string" ? JsonPathExpression.Print(value) : Typed(column.Type, value, now);
        }
    }

    private static decimal Number(JsonNode value) =>
        decimal.Parse(value.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>kube-apiserver's typed cells: a value of the wrong JSON type prints as nothing.</summary>
    private static JsonNode? Typed(string type, JsonNode value, DateTimeOffset now)
    {
        var kind = value.GetValueKind();
        return type switch
        {
            "integer" when kind == System.Text.Json.JsonValueKind.Number => (long)Number(value),
            "number" when kind == System.Text.Json.JsonValueKind.Number => (double)Number(value),
            "boolean" when kind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => value.GetValue<bool>(),
            "date" when kind == System.Text.Json.JsonValueKind.String =>
                Json.ParseTimestamp(value.GetValue<string>()) is { } t ? HumanDuration.Format(now - t) : "<invalid>",
            _ => null,
        };
    }
}
