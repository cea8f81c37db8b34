using System.Text.Json.Nodes;
using Sandbox.Api.Tables;
using Sandbox.Storage;

namespace Sandbox.Kinds;

/// <summary>Namespaces: labelled with their own name, with the <c>kubernetes</c> finalizer and phase Active.</summary>
internal static class NamespaceKind
{
    public static readonly ResourceType Type = new("", "v1", "namespaces", "Namespace", false) { ShortNames = ["ns"], HasStatus = true };

    public static KindDescriptor Descriptor { get; } = new(Type) { OnCreate = Defaults, Printer = new NamespacePrinter() };

    private static void Defaults(JsonObject obj)
    {
        var meta = obj.Metadata();
        meta.Ensure("labels")["kubernetes.io/metadata.name"] = meta.GetString("name");
        obj.Ensure("spec")["finalizers"] ??= new JsonArray("kubernetes");
        obj.Ensure("status")["phase"] = "Active";
    }
}
