using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api.Tables;

/// <summary>
/// Server-side printing (<c>Accept: application/json;as=Table;g=meta.k8s.io;v=v1</c>): the columns
/// kube-apiserver prints for a built-in kind (its descriptor's printer), a CRD's additionalPrinterColumns,
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

        return Kinds.BuiltInKinds.For(type)?.Printer ?? new DefaultPrinter();
    }

    internal static string Age(JsonObject obj, DateTimeOffset now) =>
        Json.ParseTimestamp(obj.GetString("metadata", "creationTimestamp")) is { } created ? HumanDuration.Format(now - created) : "<unknown>";

    internal static TableColumn NameColumn { get; } = new("Name", "string", 0, "name", "Name must be unique within a namespace.");

    internal static TableColumn AgeColumn { get; } = new("Age", "string", 0, "", "CreationTimestamp is a timestamp representing the server time when this object was created.");
}
