using System.Text.Json.Nodes;
using Sandbox.Api.Tables;
using Sandbox.Storage;

namespace Sandbox.Kinds;

/// <summary>
/// Everything the Sandbox knows about one built-in kind, in one place: how it is addressed and stored
/// (<see cref="Type"/>), the defaults kube-apiserver applies on create and update, its kubectl columns,
/// whether the garbage collector deletes it with its owner, whether its changes wake the simulation, its
/// field selector labels beyond <c>metadata.name</c>/<c>metadata.namespace</c>, and its extra subresources.
/// Adding a kind is a descriptor (a file when it has behaviour) and its entry in <see cref="BuiltInKinds.All"/>.
/// </summary>
public sealed class KindDescriptor(ResourceType type)
{
    public ResourceType Type { get; } = type;

    /// <summary>Defaults applied to a new object (its uid and name are already set).</summary>
    public Action<JsonObject>? OnCreate { get; init; }

    /// <summary>Defaults and immutable fields applied to a replacement (next, old).</summary>
    public Action<JsonObject, JsonObject>? OnUpdate { get; init; }

    internal ITablePrinter Printer { get; init; } = new DefaultPrinter();

    /// <summary>Deleted with its controller owner (the garbage collector's work, done at once).</summary>
    public bool CollectedWithOwner { get; init; }

    /// <summary>A change to it can matter to the job controller, scheduler or kubelets.</summary>
    public bool WakesSimulation { get; init; } = true;

    public IReadOnlyList<string> FieldLabels { get; init; } = [];

    /// <summary>Subresources besides <c>status</c>: name, verbs, and the kind/group/version they take when not this kind's.</summary>
    public IReadOnlyList<(string Name, string[] Verbs, string? Kind, string? Group, string? Version)> Subresources { get; init; } = [];
}
