using Sandbox.Api.Tables;
using Sandbox.Storage;

namespace Sandbox.Kinds;

/// <summary>Nodes: the simulated k3s nodes; no defaults of their own.</summary>
internal static class NodeKind
{
    public static readonly ResourceType Type = new("", "v1", "nodes", "Node", false) { ShortNames = ["no"], HasStatus = true };

    public static KindDescriptor Descriptor { get; } = new(Type) { Printer = new NodePrinter(), FieldLabels = ["spec.unschedulable"] };
}
