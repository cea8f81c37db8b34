using Sandbox.Storage;

namespace Sandbox.Kinds;

/// <summary>
/// The built-in kinds the Sandbox serves, in discovery order. Kinds with behaviour have their own file; the
/// plain ones (stored and served, nothing more) are declared here.
/// </summary>
public static class BuiltInKinds
{
    public static readonly KindDescriptor ConfigMaps = new(new ResourceType("", "v1", "configmaps", "ConfigMap", true) { ShortNames = ["cm"] }) { WakesSimulation = false };
    public static readonly KindDescriptor ServiceAccounts = new(new ResourceType("", "v1", "serviceaccounts", "ServiceAccount", true) { ShortNames = ["sa"] }) { WakesSimulation = false };
    public static readonly KindDescriptor Services = new(new ResourceType("", "v1", "services", "Service", true) { ShortNames = ["svc"], Categories = ["all"], HasStatus = true });
    public static readonly KindDescriptor Leases = new(new ResourceType("coordination.k8s.io", "v1", "leases", "Lease", true)) { WakesSimulation = false };
    public static readonly KindDescriptor DaemonSets = new(new ResourceType("apps", "v1", "daemonsets", "DaemonSet", true) { ShortNames = ["ds"], Categories = ["all"], HasStatus = true });
    public static readonly KindDescriptor ClusterRoles = new(new ResourceType("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false));
    public static readonly KindDescriptor ClusterRoleBindings = new(new ResourceType("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false));
    public static readonly KindDescriptor Roles = new(new ResourceType("rbac.authorization.k8s.io", "v1", "roles", "Role", true));
    public static readonly KindDescriptor RoleBindings = new(new ResourceType("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true));
    public static readonly KindDescriptor PriorityClasses = new(new ResourceType("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false) { ShortNames = ["pc"] });

    public static IReadOnlyList<KindDescriptor> All { get; } =
    [
        NamespaceKind.Descriptor, NodeKind.Descriptor, PodKind.Descriptor, SecretKind.Descriptor, ConfigMaps, ServiceAccounts, Services,
        EventKind.Core, EventKind.Events, Leases, JobKind.Descriptor, DeploymentKind.Descriptor, DaemonSets, ClusterRoles, ClusterRoleBindings,
        Roles, RoleBindings, PriorityClasses, CustomResourceDefinitionKind.Descriptor,
    ];

    private static readonly Dictionary<ResourceType, KindDescriptor> ByType = All.ToDictionary(k => k.Type);

    /// <summary>The descriptor of a built-in type; null for custom resources (their CRD describes them).</summary>
    public static KindDescriptor? For(ResourceType type) => ByType.GetValueOrDefault(type);
}
