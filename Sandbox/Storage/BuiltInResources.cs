using Sandbox.Kinds;

namespace Sandbox.Storage;

/// <summary>Handles on the built-in types the code refers to by name; each kind is described in <see cref="BuiltInKinds"/>.</summary>
public static class BuiltInResources
{
    public static ResourceType Namespaces => NamespaceKind.Type;
    public static ResourceType Nodes => NodeKind.Type;
    public static ResourceType Pods => PodKind.Type;
    public static ResourceType Secrets => SecretKind.Type;
    public static ResourceType ConfigMaps => BuiltInKinds.ConfigMaps.Type;
    public static ResourceType ServiceAccounts => BuiltInKinds.ServiceAccounts.Type;
    public static ResourceType Services => BuiltInKinds.Services.Type;
    public static ResourceType CoreEvents => EventKind.CoreType;
    public static ResourceType Events => EventKind.EventsType;
    public static ResourceType Leases => BuiltInKinds.Leases.Type;
    public static ResourceType Jobs => JobKind.Type;
    public static ResourceType Deployments => DeploymentKind.Type;
    public static ResourceType DaemonSets => BuiltInKinds.DaemonSets.Type;
    public static ResourceType CustomResourceDefinitions => CustomResourceDefinitionKind.Type;

    public static IReadOnlyList<ResourceType> All { get; } = [.. BuiltInKinds.All.Select(k => k.Type)];
}
