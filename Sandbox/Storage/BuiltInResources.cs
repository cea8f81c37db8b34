namespace Sandbox.Storage;

/// <summary>The kinds kube-apiserver serves that the sandbox stores (and, for a few, runs).</summary>
public static class BuiltInResources
{
    public static readonly ResourceType Namespaces = new("", "v1", "namespaces", "Namespace", false) { ShortNames = ["ns"], HasStatus = true };
    public static readonly ResourceType Nodes = new("", "v1", "nodes", "Node", false) { ShortNames = ["no"], HasStatus = true };
    public static readonly ResourceType Pods = new("", "v1", "pods", "Pod", true) { ShortNames = ["po"], Categories = ["all"], HasStatus = true };
    public static readonly ResourceType Secrets = new("", "v1", "secrets", "Secret", true);
    public static readonly ResourceType ConfigMaps = new("", "v1", "configmaps", "ConfigMap", true) { ShortNames = ["cm"] };
    public static readonly ResourceType ServiceAccounts = new("", "v1", "serviceaccounts", "ServiceAccount", true) { ShortNames = ["sa"] };
    public static readonly ResourceType Services = new("", "v1", "services", "Service", true) { ShortNames = ["svc"], Categories = ["all"], HasStatus = true };
    public static readonly ResourceType CoreEvents = new("", "v1", "events", "Event", true) { ShortNames = ["ev"] };
    public static readonly ResourceType Events = new("events.k8s.io", "v1", "events", "Event", true)
    {
        ShortNames = ["ev"],
        StoredAs = CoreEvents,
        ToServed = EventConversion.ToEventsV1,
        ToStored = EventConversion.ToCore,
    };
    public static readonly ResourceType Leases = new("coordination.k8s.io", "v1", "leases", "Lease", true);
    public static readonly ResourceType Jobs = new("batch", "v1", "jobs", "Job", true) { Categories = ["all"], HasStatus = true };
    public static readonly ResourceType Deployments = new("apps", "v1", "deployments", "Deployment", true) { ShortNames = ["deploy"], Categories = ["all"], HasStatus = true };
    public static readonly ResourceType DaemonSets = new("apps", "v1", "daemonsets", "DaemonSet", true) { ShortNames = ["ds"], Categories = ["all"], HasStatus = true };
    public static readonly ResourceType ClusterRoles = new("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false);
    public static readonly ResourceType ClusterRoleBindings = new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false);
    public static readonly ResourceType Roles = new("rbac.authorization.k8s.io", "v1", "roles", "Role", true);
    public static readonly ResourceType RoleBindings = new("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true);
    public static readonly ResourceType PriorityClasses = new("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false) { ShortNames = ["pc"] };
    public static readonly ResourceType CustomResourceDefinitions = new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false)
    {
        ShortNames = ["crd", "crds"],
        HasStatus = true,
    };

    public static IReadOnlyList<ResourceType> All { get; } =
    [
        Namespaces, Nodes, Pods, Secrets, ConfigMaps, ServiceAccounts, Services, CoreEvents,
        Events, Leases, Jobs, Deployments, DaemonSets, ClusterRoles, ClusterRoleBindings, Roles, RoleBindings,
        PriorityClasses, CustomResourceDefinitions,
    ];
}
