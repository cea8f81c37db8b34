using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api.Tables;

/// <summary>kubectl's node columns: STATUS is the Ready condition plus <c>SchedulingDisabled</c> when cordoned.</summary>
internal sealed class NodePrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableConverter.NameColumn,
        new("Status", "string", 0, "", "The status of the node"),
        new("Roles", "string", 0, "", "The roles of the node"),
        TableConverter.AgeColumn,
        new("Version", "string", 0, "", "Kubelet Version reported by the node."),
        new("Internal-IP", "string", 1, "", "List of internal IPs for the node."),
        new("External-IP", "string", 1, "", "List of external IPs for the node."),
        new("OS-Image", "string", 1, "", "OS image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."),
        new("Kernel-Version", "string", 1, "", "Kernel version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
        new("Container-Runtime", "string", 1, "", "Container runtime version reported by the node through runtime remote API (e.g. containerd://1.4.2)."),
    ];

    public IEnumerable<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var ready = obj.GetPath("status", "conditions").Objects().FirstOrDefault(c => c.GetString("type") == "Ready");
        var status = ready is null ? "Unknown" : ready.GetString("status") == "True" ? "Ready" : "NotReady";
        if (obj.GetBool("spec", "unschedulable"))
        {
            status += ",SchedulingDisabled";
        }

        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in Json.StringMap(obj.GetPath("metadata", "labels")))
        {
            if (key.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal) && key.Length > "node-role.kubernetes.io/".Length)
            {
                roles.Add(key["node-role.kubernetes.io/".Length..]);
            }
            else if (key == "kubernetes.io/role" && value.Length > 0)
            {
                roles.Add(value);
            }
        }

        string Address(string type) =>
            obj.GetPath("status", "addresses").Objects().FirstOrDefault(a => a.GetString("type") == type)?.GetString("address") ?? "<none>";

        return
        [
            obj.GetString("metadata", "name"),
            status,
            roles.Count == 0 ? "<none>" : string.Join(',', roles),
            TableConverter.Age(obj, now),
            obj.GetString("status", "nodeInfo", "kubeletVersion") ?? "",
            Address("InternalIP"),
            Address("ExternalIP"),
            obj.GetString("status", "nodeInfo", "osImage") ?? "<unknown>",
            obj.GetString("status", "nodeInfo", "kernelVersion") ?? "<unknown>",
            obj.GetString("status", "nodeInfo", "containerRuntimeVersion") ?? "<unknown>",
        ];
    }
}
