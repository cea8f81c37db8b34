using System.Text.Json.Nodes;
using Sandbox.Api.Tables;
using Sandbox.Storage;

namespace Sandbox.Kinds;

/// <summary>Deployments (apps/v1): stored, not run; one replica by default.</summary>
internal static class DeploymentKind
{
    public static readonly ResourceType Type = new("apps", "v1", "deployments", "Deployment", true) { ShortNames = ["deploy"], Categories = ["all"], HasStatus = true };

    public static KindDescriptor Descriptor { get; } = new(Type)
    {
        OnCreate = obj =>
        {
            obj.Ensure("spec")["replicas"] ??= 1;
            obj["status"] ??= new JsonObject();
        },
        Printer = new DeploymentPrinter(),
    };
}
