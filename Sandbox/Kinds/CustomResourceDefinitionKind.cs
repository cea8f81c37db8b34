using Sandbox.Api.Tables;
using Sandbox.Storage;

namespace Sandbox.Kinds;

/// <summary>CustomResourceDefinitions (apiextensions.k8s.io/v1); registering what they serve is ResourceOperations' work.</summary>
internal static class CustomResourceDefinitionKind
{
    public static readonly ResourceType Type = new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false)
    {
        ShortNames = ["crd", "crds"],
        HasStatus = true,
    };

    public static KindDescriptor Descriptor { get; } = new(Type) { Printer = new CrdPrinter() };
}
