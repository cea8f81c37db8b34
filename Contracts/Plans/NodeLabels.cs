namespace Contracts.Plans;

/// <summary>Well-known Kubernetes node labels and taints the controller and the sandbox rely on.</summary>
public static class NodeLabels
{
    public const string Hostname = "kubernetes.io/hostname";
    public const string Os = "kubernetes.io/os";
    public const string Arch = "kubernetes.io/arch";
    public const string ControlPlane = "node-role.kubernetes.io/control-plane";
    public const string Master = "node-role.kubernetes.io/master";
    public const string Etcd = "node-role.kubernetes.io/etcd";
    public const string RolePrefix = "node-role.kubernetes.io/";
    public const string UnschedulableTaint = "node.kubernetes.io/unschedulable";
}
