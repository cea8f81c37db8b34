using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api.Tables;

/// <summary>
/// Server-side printing (<c>Accept: application/json;as=Table;g=meta.k8s.io;v=v1</c>): the columns
/// kube-apiserver prints for nodes, pods, jobs and namespaces, a CRD's additionalPrinterColumns,
/// and NAME/AGE for everything else.
/// </summary>
public static class TableConverter
{
    public static JsonObject Convert(ResourceType type, IEnumerable<StoredObject> items, string includeObject, DateTimeOffset now, long resourceVersion, bool withColumns = true)
    {
        var printer = PrinterFor(type);
        var rows = new JsonArray();
        foreach (var item in items)
        {
            var cells = new JsonArray(printer.Cells(item.Object, now).ToArray());
            var row = new JsonObject { ["cells"] = cells };
            var obj = includeObject switch
            {
                "None" => null,
                "Object" => Api.ServedForm.Object(item, type),
                _ => new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = item.Object["metadata"]?.DeepClone(),
                },
            };
            if (obj is not null)
            {
                row["object"] = obj;
            }

            rows.Add(row);
        }

        var table = new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        if (withColumns)
        {
            table["columnDefinitions"] = new JsonArray(printer.Columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format,
                ["description"] = c.Description,
                ["priority"] = c.Priority,
            }).ToArray());
        }

        table["rows"] = rows;
        return table;
    }

    private static ITablePrinter PrinterFor(ResourceType type)
    {
        if (type.IsCustom)
        {
            return new CustomResourcePrinter(type.PrinterColumns);
        }

        return type.Plural switch
        {
            "nodes" when type.Group.Length == 0 => new NodePrinter(),
            "pods" when type.Group.Length == 0 => new PodPrinter(),
            "namespaces" when type.Group.Length == 0 => new NamespacePrinter(),
            "jobs" => new JobPrinter(),
            "deployments" => new DeploymentPrinter(),
            "customresourcedefinitions" => new CrdPrinter(),
            "events" => new EventPrinter(),
            _ => new DefaultPrinter(),
        };
    }

    internal static string Age(JsonObject obj, DateTimeOffset now) =>
        Json.ParseTimestamp(obj.GetString("metadata", "creationTimestamp")) is { } created ? HumanDuration.Format(now - created) : "<unknown>";

    internal static TableColumn NameColumn { get; } = new("Name", "string", 0, "name", "Name must be unique within a namespace.");

    internal static TableColumn AgeColumn { get; } = new("Age", "string", 0, "", "CreationTimestamp is a timestamp representing the server time when this object was created.");
}

internal interface ITablePrinter
{
    IReadOnlyList<TableColumn> Columns { get; }

    IEnumerable<JsonNode?> Cells(JsonObject obj, DateTimeOffset now);
}

internal sealed class DefaultPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } = [TableConverter.NameColumn, TableConverter.AgeColumn];

    public IEnumerable<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
        [obj.GetString("metadata", "name"), TableConverter.Age(obj, now)];
}

internal sealed class NamespacePrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
        [TableConverter.NameColumn, new("Status", "string", 0, "", "The status of the namespace"), TableConverter.AgeColumn];

    public IEnumerable<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
        [obj.GetString("metadata", "name"), obj.GetString("status", "phase") ?? "Active", TableConverter.Age(obj, now)];
}

internal sealed class CrdPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } = [TableConverter.NameColumn, new("Created At", "date", 0, "", "")];

    public IEnumerable<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
        [obj.GetString("metadata", "name"), obj.GetString("metadata", "creationTimestamp")];
}

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
