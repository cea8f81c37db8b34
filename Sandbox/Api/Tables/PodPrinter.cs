using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api.Tables;

/// <summary>kubectl's pod columns, STATUS computed as kubectl does (<c>Init:0/2</c>, <c>Completed</c>, <c>Error</c>...).</summary>
internal sealed class PodPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableConverter.NameColumn,
        new("Ready", "string", 0, "", "The aggregate readiness state of this pod for accepting traffic."),
        new("Status", "string", 0, "", "The aggregate status of the containers in this pod."),
        new("Restarts", "string", 0, "", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        TableConverter.AgeColumn,
        new("IP", "string", 1, "", "IP address allocated to the pod."),
        new("Node", "string", 1, "", "Name of the node where the pod is scheduled."),
        new("Nominated Node", "string", 1, "", "Name of the node where the pod is nominated."),
        new("Readiness Gates", "string", 1, "", "Pod readiness gates."),
    ];

    public IEnumerable<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var status = obj["status"];
        var reason = status.GetString("reason") ?? status.GetString("phase") ?? "Pending";
        var initStatuses = status.GetPath("initContainerStatuses").Objects().ToList();
        var initCount = obj.GetPath("spec", "initContainers") is JsonArray ia ? ia.Count : 0;
        var restarts = 0L;
        var initializing = false;
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var c = initStatuses[i];
            restarts += c.GetLong("restartCount") ?? 0;
            var terminated = c.GetPath("state", "terminated");
            var waitingReason = c.GetString("state", "waiting", "reason");
            if (terminated is not null && (terminated.GetLong("exitCode") ?? 0) == 0)
            {
                continue;
            }

            if (terminated is not null)
            {
                reason = terminated.GetString("reason") is { Length: > 0 } r ? "Init:" + r : $"Init:ExitCode:{terminated.GetLong("exitCode")}";
            }
            else if (waitingReason is { Length: > 0 } && waitingReason != "PodInitializing")
            {
                reason = "Init:" + waitingReason;
            }
            else
            {
                reason = $"Init:{i}/{initCount}";
            }

            initializing = true;
            break;
        }

        var ready = 0;
        var total = obj.GetPath("spec", "containers") is JsonArray ca ? ca.Count : 0;
        if (!initializing)
        {
            var hasRunning = false;
            var statuses = status.GetPath("containerStatuses").Objects().ToList();
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var c = statuses[i];
                restarts += c.GetLong("restartCount") ?? 0;
                var terminated = c.GetPath("state", "terminated");
                if (c.GetString("state", "waiting", "reason") is { Length: > 0 } w)
                {
                    reason = w;
                }
                else if (terminated is not null)
                {
                    reason = terminated.GetString("reason") is { Length: > 0 } r ? r : $"ExitCode:{terminated.GetLong("exitCode")}";
                }
                else if (c.GetBool("ready") && c.GetPath("state", "running") is not null)
                {
                    hasRunning = true;
                    ready++;
                }
            }

            if (reason == "Completed" && hasRunning)
            {
                reason = "Running";
            }
        }

        if (obj.GetString("metadata", "deletionTimestamp") is not null)
        {
            reason = "Terminating";
        }

        return
        [
            obj.GetString("metadata", "name"),
            $"{ready}/{total}",
            reason,
            restarts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            TableConverter.Age(obj, now),
            status.GetString("podIP") ?? "<none>",
            obj.GetString("spec", "nodeName") ?? "<none>",
            "<none>",
            "<none>",
        ];
    }
}
