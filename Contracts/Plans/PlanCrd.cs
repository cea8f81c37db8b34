using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Contracts.Plans;

/// <summary>
/// The Plan CustomResourceDefinition, with its structural schema generated from the Plan types, so the
/// schema in <c>config/crd.yaml</c> cannot drift from what the controller reads (a test compares them).
/// </summary>
public static class PlanCrd
{
    public const string Name = Plan.KubePluralName + "." + Plan.KubeGroup;

    /// <summary>The weekday names <c>window.days</c> accepts (the reference CRD's enum).</summary>
    public static readonly IReadOnlyList<string> DayNames =
    [
        "0", "su", "sun", "sunday", "1", "mo", "mon", "monday", "2", "tu", "tue", "tuesday",
        "3", "we", "wed", "wednesday", "4", "th", "thu", "thursday", "5", "fr", "fri", "friday",
        "6", "sa", "sat", "saturday",
    ];

    // Required fields by path (type → JSON names), as the reference CRD marks them.
    private static readonly Dictionary<Type, string[]> Required = new()
    {
        [typeof(PlanSpec)] = ["upgrade"],
        [typeof(ContainerSpec)] = ["image"],
        [typeof(SecretSpec)] = ["name"],
        [typeof(VolumeSpec)] = ["name", "source", "destination"],
        [typeof(PlanCondition)] = ["type", "status"],
    };

    public static V1CustomResourceDefinition Build() => new()
    {
        ApiVersion = "apiextensions.k8s.io/v1",
        Kind = "CustomResourceDefinition",
        Metadata = new V1ObjectMeta { Name = Name },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = Plan.KubeGroup,
            Scope = "Namespaced",
            Names = new V1CustomResourceDefinitionNames
            {
                Kind = Plan.KubeKind,
                ListKind = "PlanList",
                Plural = Plan.KubePluralName,
                Singular = "plan",
            },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = Plan.KubeApiVersion,
                    Served = true,
                    Storage = true,
                    Subresources = new V1CustomResourceSubresources { Status = new object() },
                    AdditionalPrinterColumns =
                    [
                        Column("Image", ".spec.upgrade.image"),
                        Column("Channel", ".spec.channel"),
                        Column("Version", ".spec.version"),
                        Column("Complete", ".status.conditions[?(@.type=='Complete')].status"),
                        Column("Reason", ".status.conditions[?(@.type=='Complete')].reason"),
                        // Why nothing happens, at a glance: the node counts of status.nodes.
                        Column("Nodes", ".status.nodes.matching", type: "integer"),
                        Column("Done", ".status.nodes.done", type: "integer"),
                        Column("Upgrading", ".status.nodes.applying", type: "integer"),
                        Column("Waiting", ".status.nodes.waiting", type: "integer"),
                        Column("Failed", ".status.nodes.failed", type: "integer"),
                        Column("Gated", ".status.nodes.gated", type: "integer"),
                        Column("Message", ".status.conditions[?(@.message!='')].message"),
                        Column("Applying", ".status.applying", priority: 10),
                    ],
                    Schema = new V1CustomResourceValidation { OpenAPIV3Schema = RootSchema() },
                },
            ],
        },
    };

    private static V1CustomResourceColumnDefinition Column(string name, string path, int? priority = null, string type = "string") =>
        new() { Name = name, Type = type, JsonPath = path, Priority = priority };

    private static V1JSONSchemaProps RootSchema()
    {
        var spec = SchemaFor(typeof(PlanSpec));
        var days = (V1JSONSchemaProps)spec.Properties["window"].Properties["days"].Items;
        days.EnumProperty = [.. DayNames];
        spec.Properties["window"].Properties["days"].MinItems = 1;

        return new V1JSONSchemaProps
        {
            Description = "Plan is an upgrade to apply to the nodes a selector chooses, a few at a time.",
            Type = "object",
            Required = ["spec"],
            Properties = new Dictionary<string, V1JSONSchemaProps>
            {
                ["apiVersion"] = new() { Type = "string" },
                ["kind"] = new() { Type = "string" },
                ["metadata"] = new() { Type = "object" },
                ["spec"] = spec,
                ["status"] = SchemaFor(typeof(PlanStatus)),
            },
        };
    }

    private static V1JSONSchemaProps SchemaFor(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new V1JSONSchemaProps { Type = "string" };
        }

        if (type == typeof(bool))
        {
            return new V1JSONSchemaProps { Type = "boolean" };
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = type == typeof(int) ? "int32" : "int64" };
        }

        if (type == typeof(double))
        {
            return new V1JSONSchemaProps { Type = "number", Format = "double" };
        }

        if (type == typeof(IntOrString) || type == typeof(ResourceQuantity))
        {
            return new V1JSONSchemaProps { XKubernetesIntOrString = true };
        }

        if (type == typeof(byte[]))
        {
            return new V1JSONSchemaProps { Type = "string", Format = "byte" };
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return new V1JSONSchemaProps { Type = "string", Format = "date-time" };
        }

        if (type == typeof(object))
        {
            return new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true };
        }

        var dictionary = GenericOf(type, typeof(IDictionary<,>));
        if (dictionary is not null)
        {
            return new V1JSONSchemaProps { Type = "object", AdditionalProperties = SchemaFor(dictionary[1]) };
        }

        var list = GenericOf(type, typeof(IList<>)) ?? GenericOf(type, typeof(IEnumerable<>));
        if (list is not null)
        {
            return new V1JSONSchemaProps { Type = "array", Items = SchemaFor(list[0]) };
        }

        var properties = new Dictionary<string, V1JSONSchemaProps>(StringComparer.Ordinal);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
            if (name is not null)
            {
                properties[name] = SchemaFor(property.PropertyType);
            }
        }

        return new V1JSONSchemaProps
        {
            Type = "object",
            Properties = properties,
            Required = Required.TryGetValue(type, out var required) ? [.. required] : null,
        };
    }

    private static Type[]? GenericOf(Type type, Type openGeneric)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == openGeneric)
        {
            return type.GetGenericArguments();
        }

        return type.GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == openGeneric)
            ?.GetGenericArguments();
    }
}
