using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Sandbox.Api;
using Sandbox.Storage;

namespace Sandbox.Simulation;

/// <summary>
/// Every node's kubelet: runs a bound pod's init containers in order, then its containers, each as
/// its image's <see cref="ContainerProgram"/>, and reports pod and container statuses the way a real
/// kubelet does (phases, conditions, waiting/running/terminated states, exit codes). A NotReady
/// node starts no new pod. Pods run with restartPolicy Never semantics: a failed container fails the pod.
/// </summary>
public sealed class Kubelet(ResourceOperations ops, SandboxOptions options, PodLogs logs, EventRecorder events)
{
    private readonly Dictionary<string, PodRun> _runs = new(StringComparer.Ordinal);

    public DateTimeOffset? Run(DateTimeOffset now, List<StoredObject> pods)
    {
        var live = pods.Select(p => p.Uid).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _runs.Where(r => !live.Contains(r.Key)).ToList())
        {
            logs.Forget(gone.Value.Namespace, gone.Value.Name);
            _runs.Remove(gone.Key);
        }

        DateTimeOffset? due = null;
        foreach (var pod in pods)
        {
            try
            {
                due = ClusterSimulation.Earliest(due, RunPod(pod, now));
            }
            catch (Exception e) when (SimulationErrors.IsObjectProblem(e))
            {
                due = ClusterSimulation.Earliest(due, now + SimulationErrors.RetryDelay);
            }
        }

        return due;
    }

    private DateTimeOffset? RunPod(StoredObject pod, DateTimeOffset now)
    {
        var nodeName = pod.Object.GetString("spec", "nodeName");
        if (nodeName is null || pod.Object.GetString("metadata", "deletionTimestamp") is not null)
        {
            return null;
        }

        if (!_runs.TryGetValue(pod.Uid, out var run))
        {
            if (PodMatching.IsTerminal(pod))
            {
                return null;
            }

            var node = ops.Store.Get(BuiltInResources.Nodes, null, nodeName);
            if (node is null || !IsReady(node))
            {
                return null;
            }

            run = new PodRun(pod.Namespace, pod.Name, now, PodIp(node, pod.Uid), NodeIp(node));
            _runs[pod.Uid] = run;
        }

        var due = run.Finished ? null : Advance(pod, run, now);
        // The status is a function of the pod and the run: when neither changed since it was last written,
        // there is nothing to report (a kubelet does not rewrite every finished pod on every sync).
        var progress = run.Progress;
        if (run.Reported is { } reported && reported.ResourceVersion == pod.ResourceVersion && reported.Progress == progress)
        {
            return due;
        }

        var stored = ops.Store.Mutate(BuiltInResources.Pods, pod.Namespace, pod.Name, p =>
        {
            if (p.GetString("metadata", "uid") != pod.Uid)
            {
                return false;
            }

            var status = BuildStatus(p, run);
            if (JsonNode.DeepEquals(status, p["status"]))
            {
                return false;
            }

            p["status"] = status;
            return true;
        });
        if (stored is not null && stored.Uid == pod.Uid)
        {
            run.Reported = (stored.ResourceVersion, progress);
        }

        return due;
    }

    private static bool IsReady(StoredObject node) =>
        node.Object.GetPath("status", "conditions").Objects().Any(c => c.GetString("type") == "Ready" && c.GetString("status") == "True");

    private DateTimeOffset? Advance(StoredObject pod, PodRun run, DateTimeOffset now)
    {
        var containers = Containers(pod.Object);
        while (run.Index < containers.Count)
        {
            var container = containers[run.Index].Spec;
            if (run.StartedAt is null)
            {
                run.StartedAt = now;
                run.Program = ContainerProgram.For(container);
                run.State = [];
                var nodeName = pod.Object.GetString("spec", "nodeName");
                events.Record(pod, "Normal", "Pulled", $"Container image \"{container.GetString("image")}\" already present on machine", "kubelet", nodeName);
                events.Record(pod, "Normal", "Started", $"Started container {container.GetString("name")}", "kubelet", nodeName);
            }

            var context = new ContainerContext(ops, options, logs, pod, container, run.StartedAt.Value, now) { State = run.State };
            ContainerExit? exit;
            DateTimeOffset? next;
            try
            {
                exit = run.Program!.Poll(context, out next);
            }
            catch (FormatException e)
            {
                // bad arguments (a malformed --pod-selector...): the command fails, as kubectl would
                context.Log($"error: {e.Message}");
                (exit, next) = (new ContainerExit(1), null);
            }

            if (exit is null)
            {
                return next;
            }

            if (exit.ExitCode == 0 && !containers[run.Index].Init && pod.Object.GetString("spec", "restartPolicy") is null or "Always")
            {
                // A service pod (restartPolicy Always) would be restarted at once: it just keeps running.
                return null;
            }

            var message = container.GetString("terminationMessagePolicy") == "FallbackToLogsOnError" && exit.ExitCode != 0
                ? logs.Read(pod.Namespace, pod.Name, container.GetString("name")).TrimEnd()
                : exit.Message;
            run.Results.Add(new ContainerResult(exit.ExitCode, run.StartedAt.Value, now, message));
            run.StartedAt = null;
            run.Index++;
            if (exit.ExitCode != 0)
            {
                run.Failed = true;
                run.FinishedAt = now;
                return null;
            }
        }

        run.FinishedAt = now;
        return null;
    }

    private static List<(JsonObject Spec, bool Init)> Containers(JsonObject pod) =>
        pod.GetPath("spec", "initContainers").Objects().Select(c => (c, true))
            .Concat(pod.GetPath("spec", "containers").Objects().Select(c => (c, false)))
            .ToList();

    private static JsonObject BuildStatus(JsonObject pod, PodRun run)
    {
        var containers = Containers(pod);
        var initCount = containers.Count(c => c.Init);
        var mainRunning = !run.Finished && run.Index >= initCount;
        var phase = run.Failed ? "Failed" : run.Finished ? "Succeeded" : mainRunning ? "Running" : "Pending";
        var old = pod["status"] as JsonObject;
        var scheduled = old?["conditions"].Objects().FirstOrDefault(c => c.GetString("type") == "PodScheduled")?.DeepClone()
            ?? new JsonObject { ["type"] = "PodScheduled", ["status"] = "True", ["lastProbeTime"] = null, ["lastTransitionTime"] = Json.Timestamp(run.Created) };
        var started = Json.Timestamp(run.Created);
        var initialized = run.Index >= initCount || run.Finished && !run.Failed;
        var ready = mainRunning;
        var terminalReason = run.Failed ? "PodFailed" : run.Finished ? "PodCompleted" : null;

        JsonObject Condition(string type, bool value, string? reason = null) => new()
        {
            ["type"] = type,
            ["status"] = value ? "True" : "False",
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = Json.Timestamp(run.Transition(type, value)),
            ["reason"] = reason,
        };

        var conditions = new JsonArray(
            Condition("PodReadyToStartContainers", !run.Finished),
            Condition("Initialized", initialized, initialized ? terminalReason : "ContainersNotInitialized"),
            Condition("Ready", ready, ready ? null : terminalReason ?? "ContainersNotReady"),
            Condition("ContainersReady", ready, ready ? null : terminalReason ?? "ContainersNotReady"),
            scheduled);
        foreach (var c in conditions.OfType<JsonObject>().Where(c => c["reason"] is null).ToList())
        {
            c.Remove("reason");
        }

        var initStatuses = new JsonArray();
        var mainStatuses = new JsonArray();
        for (var i = 0; i < containers.Count; i++)
        {
            var (spec, init) = containers[i];
            var status = ContainerStatus(spec, i, run, initCount, init);
            (init ? initStatuses : mainStatuses).Add(status);
        }

        var result = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = conditions,
            ["hostIP"] = run.HostIp,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = run.HostIp }),
            ["podIP"] = run.PodIp,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = run.PodIp }),
            ["startTime"] = started,
        };
        if (initCount > 0)
        {
            result["initContainerStatuses"] = initStatuses;
        }

        result["containerStatuses"] = mainStatuses;
        result["qosClass"] = old.GetString("qosClass") ?? "BestEffort";
        return result;
    }

    private static JsonObject ContainerStatus(JsonObject spec, int i, PodRun run, int initCount, bool init)
    {
        var name = spec.GetString("name") ?? $"container-{i}";
        var image = spec.GetString("image") ?? "";
        JsonObject state;
        var ready = false;
        var startedFlag = false;
        if (i < run.Results.Count)
        {
            var r = run.Results[i];
            var terminated = new JsonObject
            {
                ["exitCode"] = r.ExitCode,
                ["reason"] = r.ExitCode == 0 ? "Completed" : "Error",
                ["startedAt"] = Json.Timestamp(r.StartedAt),
                ["finishedAt"] = Json.Timestamp(r.FinishedAt),
                ["containerID"] = ContainerId(run, i),
            };
            if (!string.IsNullOrEmpty(r.Message))
            {
                terminated["message"] = r.Message;
            }

            state = new JsonObject { ["terminated"] = terminated };
        }
        else if (i == run.Index && run.StartedAt is { } at && !run.Finished)
        {
            state = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Json.Timestamp(at) } };
            ready = !init;
            startedFlag = true;
        }
        else
        {
            var reason = !init && run.Index < initCount ? "PodInitializing" : "ContainerCreating";
            state = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = reason } };
        }

        var status = new JsonObject
        {
            ["name"] = name,
            ["state"] = state,
            ["lastState"] = new JsonObject(),
            ["ready"] = ready,
            ["restartCount"] = 0,
            ["image"] = image,
            ["imageID"] = image.Length == 0 ? "" : $"{image}@sha256:{Hash(image)}",
            ["started"] = startedFlag,
        };
        if (state["waiting"] is null)
        {
            status["containerID"] = ContainerId(run, i);
        }

        return status;
    }

    private static string ContainerId(PodRun run, int i) => $"containerd://{Hash($"{run.Namespace}/{run.Name}/{i}")}";

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string NodeIp(StoredObject node) =>
        node.Object.GetPath("status", "addresses").Objects().FirstOrDefault(a => a.GetString("type") == "InternalIP")?.GetString("address") ?? "10.0.0.1";

    private static string PodIp(StoredObject node, string uid)
    {
        var cidr = node.Object.GetString("spec", "podCIDR") ?? "10.42.0.0/24";
        var prefix = cidr[..cidr.LastIndexOf('.')];
        var host = 2 + (SHA256.HashData(Encoding.UTF8.GetBytes(uid))[0] % 250);
        return $"{prefix}.{host}";
    }

    private sealed class PodRun(string ns, string name, DateTimeOffset created, string podIp, string hostIp)
    {
        private readonly Dictionary<string, (bool Value, DateTimeOffset At)> _transitions = new(StringComparer.Ordinal);

        public string Namespace => ns;
        public string Name => name;
        public DateTimeOffset Created => created;
        public string PodIp => podIp;
        public string HostIp => hostIp;
        public int Index { get; set; }
        public DateTimeOffset? StartedAt { get; set; }
        public ContainerProgram? Program { get; set; }
        public Dictionary<string, object> State { get; set; } = [];
        public List<ContainerResult> Results { get; } = [];
        public bool Failed { get; set; }
        public DateTimeOffset? FinishedAt { get; set; }
        public bool Finished => FinishedAt is not null;

        /// <summary>Everything the reported status depends on besides the pod itself.</summary>
        public (int Index, DateTimeOffset? StartedAt, int Results, DateTimeOffset? FinishedAt, bool Failed) Progress =>
            (Index, StartedAt, Results.Count, FinishedAt, Failed);

        /// <summary>The pod's resourceVersion and the progress its status was last written (or found current) for.</summary>
        public (long ResourceVersion, (int, DateTimeOffset?, int, DateTimeOffset?, bool) Progress)? Reported { get; set; }

        public DateTimeOffset Transition(string type, bool value)
        {
            if (_transitions.TryGetValue(type, out var t) && t.Value == value)
            {
                return t.At;
            }

            var at = FinishedAt ?? StartedAt ?? Created;
            _transitions[type] = (value, at);
            return at;
        }
    }

    private sealed record ContainerResult(int ExitCode, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string? Message);
}
