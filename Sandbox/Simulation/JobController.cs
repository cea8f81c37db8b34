using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Sandbox.Api;
using Sandbox.Storage;

namespace Sandbox.Simulation;

/// <summary>
/// Kubernetes' Job controller, for NonIndexed Jobs: keeps up to <c>parallelism</c> pods running until
/// <c>completions</c> succeed; replaces failed pods until more than <c>backoffLimit</c> have failed;
/// fails the Job past <c>activeDeadlineSeconds</c>; keeps the status counts and conditions; deletes
/// finished Jobs (and their pods) after <c>ttlSecondsAfterFinished</c>.
/// </summary>
public sealed class JobController(ResourceOperations ops, SandboxOptions options, EventRecorder events)
{
    public const string DeadlineMessage = "Job was active longer than specified deadline";
    public const string BackoffMessage = "Job has reached the specified backoff limit";

    public DateTimeOffset? Reconcile(DateTimeOffset now, List<StoredObject> allPods)
    {
        DateTimeOffset? due = null;
        var podsByOwner = new Dictionary<string, List<StoredObject>>(StringComparer.Ordinal);
        foreach (var pod in allPods)
        {
            foreach (var uid in JobOwners(pod))
            {
                if (!podsByOwner.TryGetValue(uid, out var list))
                {
                    podsByOwner[uid] = list = [];
                }

                list.Add(pod);
            }
        }

        foreach (var job in ops.Store.List(BuiltInResources.Jobs))
        {
            try
            {
                due = ClusterSimulation.Earliest(due, ReconcileJob(job, podsByOwner.GetValueOrDefault(job.Uid) ?? [], now));
            }
            catch (Exception e) when (SimulationErrors.IsObjectProblem(e))
            {
                // one malformed or vanished Job must not stall the others: look again shortly
                due = ClusterSimulation.Earliest(due, now + SimulationErrors.RetryDelay);
            }
        }

        return due;
    }

    private DateTimeOffset? ReconcileJob(StoredObject job, List<StoredObject> pods, DateTimeOffset now)
    {
        var obj = job.Object;
        if (obj.GetString("metadata", "deletionTimestamp") is not null)
        {
            return null;
        }

        var finishedAt = Finished(job);
        if (finishedAt is not null)
        {
            if (obj.GetLong("spec", "ttlSecondsAfterFinished") is { } ttl)
            {
                var expires = finishedAt.Value + TimeSpan.FromSeconds(ttl);
                if (now >= expires)
                {
                    ops.Delete(BuiltInResources.Jobs, job.Namespace, job.Name, "Background", job.Uid);
                    return null;
                }

                return expires;
            }

            return null;
        }

        var spec = obj["spec"];
        var suspended = spec.GetBool("suspend");
        var parallelism = spec.GetLong("parallelism") ?? 1;
        var completions = spec.GetLong("completions");
        var backoffLimit = spec.GetLong("backoffLimit") ?? 6;
        var active = pods.Where(p => !PodMatching.IsTerminal(p)).ToList();
        var succeeded = pods.Count(p => p.Object.GetString("status", "phase") == "Succeeded");
        var failed = pods.Count(p => p.Object.GetString("status", "phase") == "Failed");
        var startTime = Json.ParseTimestamp(obj.GetString("status", "startTime"));
        if (startTime is null && !suspended)
        {
            startTime = now;
        }

        string? failReason = null;
        string? failMessage = null;
        DateTimeOffset? due = null;
        if (!suspended && startTime is not null && spec.GetLong("activeDeadlineSeconds") is { } deadline)
        {
            var at = startTime.Value + TimeSpan.FromSeconds(deadline);
            if (now >= at)
            {
                failReason = "DeadlineExceeded";
                failMessage = DeadlineMessage;
            }
            else
            {
                due = at;
            }
        }

        if (failReason is null && failed > backoffLimit)
        {
            failReason = "BackoffLimitExceeded";
            failMessage = BackoffMessage;
        }

        var complete = failReason is null && (completions is { } c ? succeeded >= c : succeeded > 0 && active.Count == 0);
        if (failReason is not null)
        {
            foreach (var pod in active)
            {
                TryDeletePod(pod);
            }

            failed += active.Count;
            active.Clear();
        }
        else if (!complete)
        {
            var want = suspended ? 0 : (int)Math.Min(parallelism, (completions ?? parallelism) - succeeded);
            var missing = want - active.Count;
            if (missing > 0)
            {
                var backoffUntil = BackoffUntil(pods, failed);
                if (backoffUntil is { } until && now < until)
                {
                    due = ClusterSimulation.Earliest(due, until);
                }
                else
                {
                    for (var i = 0; i < missing; i++)
                    {
                        var pod = CreatePod(job);
                        active.Add(pod);
                        events.Record(job, "Normal", "SuccessfulCreate", $"Created pod: {pod.Name}", "job-controller");
                    }
                }
            }
            else if (missing < 0)
            {
                foreach (var pod in active.OrderByDescending(p => p.Object.GetString("metadata", "creationTimestamp"), StringComparer.Ordinal).Take(-missing).ToList())
                {
                    TryDeletePod(pod);
                    active.Remove(pod);
                }
            }
        }

        var ready = active.Count(p => p.Object.GetPath("status", "conditions").Objects().Any(c => c.GetString("type") == "Ready" && c.GetString("status") == "True"));
        ops.Store.Mutate(BuiltInResources.Jobs, job.Namespace, job.Name, j =>
        {
            var before = j["status"]?.DeepClone();
            var status = j.Ensure("status");
            if (startTime is not null)
            {
                status["startTime"] ??= Json.Timestamp(startTime.Value);
            }

            SetCount(status, "active", active.Count);
            SetCount(status, "succeeded", succeeded);
            SetCount(status, "failed", failed);
            status["ready"] = ready;
            status["terminating"] = 0;
            status["uncountedTerminatedPods"] ??= new JsonObject();
            var stamp = Json.Timestamp(now);
            if (failReason is not null)
            {
                var conditions = status.EnsureArray("conditions");
                conditions.Add(Condition("FailureTarget", failReason, failMessage!, stamp));
                conditions.Add(Condition("Failed", failReason, failMessage!, stamp));
            }
            else if (complete)
            {
                var conditions = status.EnsureArray("conditions");
                conditions.Add(Condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", stamp));
                conditions.Add(Condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods", stamp));
                status["completionTime"] = stamp;
            }

            return !JsonNode.DeepEquals(before, j["status"]);
        });

        if (failReason is not null)
        {
            events.Record(job, "Warning", failReason, failMessage!, "job-controller");
        }
        else if (complete)
        {
            events.Record(job, "Normal", "Completed", "Job completed", "job-controller");
        }

        if ((failReason is not null || complete) && spec.GetLong("ttlSecondsAfterFinished") is { } t)
        {
            due = ClusterSimulation.Earliest(due, now + TimeSpan.FromSeconds(t));
        }

        return due;
    }

    private static void SetCount(JsonObject status, string name, int value)
    {
        if (value == 0)
        {
            status.Remove(name);
        }
        else
        {
            status[name] = value;
        }
    }

    private DateTimeOffset? BackoffUntil(List<StoredObject> pods, int failed)
    {
        if (failed == 0 || options.JobBackoff <= TimeSpan.Zero)
        {
            return null;
        }

        var last = pods.Where(p => p.Object.GetString("status", "phase") == "Failed")
            .Select(p => FinishTime(p.Object))
            .Max();
        if (last is null)
        {
            return null;
        }

        var delay = options.JobBackoff * Math.Pow(2, Math.Min(failed - 1, 6));
        return last.Value + (delay > TimeSpan.FromMinutes(6) ? TimeSpan.FromMinutes(6) : delay);
    }

    private static DateTimeOffset? FinishTime(JsonObject pod) =>
        pod.GetPath("status", "containerStatuses").Objects().Concat(pod.GetPath("status", "initContainerStatuses").Objects())
            .Select(c => Json.ParseTimestamp(c.GetString("state", "terminated", "finishedAt")))
            .Max();

    private static JsonObject Condition(string type, string reason, string message, string stamp) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastProbeTime"] = stamp,
        ["lastTransitionTime"] = stamp,
        ["reason"] = reason,
        ["message"] = message,
    };

    // Stored versions are frozen, so what is read off one version can be kept with it: a pass then costs
    // little for the finished Jobs and their pods that a long rollout leaves behind until their TTL.
    private static readonly ConditionalWeakTable<StoredObject, string[]> OwnersOf = new();
    private static readonly ConditionalWeakTable<StoredObject, StrongBox<DateTimeOffset?>> FinishedOf = new();

    private static string[] JobOwners(StoredObject pod) => OwnersOf.GetValue(pod, p =>
        [.. p.Object.GetPath("metadata", "ownerReferences").Objects()
            .Where(o => o.GetString("kind") == "Job" && o.GetString("uid") is not null)
            .Select(o => o.GetString("uid")!)]);

    private static DateTimeOffset? Finished(StoredObject job) => FinishedOf.GetValue(job, j => new StrongBox<DateTimeOffset?>(FinishedAt(j.Object))).Value;

    public static DateTimeOffset? FinishedAt(JsonObject job)
    {
        foreach (var c in job.GetPath("status", "conditions").Objects())
        {
            if (c.GetString("type") is "Complete" or "Failed" && c.GetString("status") == "True")
            {
                return Json.ParseTimestamp(c.GetString("lastTransitionTime")) ?? DateTimeOffset.MinValue;
            }
        }

        return null;
    }

    // As Kubernetes' job controller: a generateName prefix is cut so the 5 random characters the API
    // server appends still fit a 63-character name.
    private const int MaxGenerateNamePrefixLength = 63 - 5;

    private StoredObject CreatePod(StoredObject job)
    {
        var template = job.Object.GetPath("spec", "template") as JsonObject ?? new JsonObject();
        var prefix = job.Name + "-";
        if (prefix.Length > MaxGenerateNamePrefixLength)
        {
            prefix = prefix[..MaxGenerateNamePrefixLength];
        }

        var meta = template["metadata"]?.DeepClone() as JsonObject ?? new JsonObject();
        meta["generateName"] = prefix;
        meta["namespace"] = job.Namespace;
        meta.Remove("name");
        meta["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["name"] = job.Name,
            ["uid"] = job.Uid,
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        });
        var pod = new JsonObject
        {
            ["metadata"] = meta,
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
        return ops.Create(BuiltInResources.Pods, job.Namespace, pod);
    }

    private void TryDeletePod(StoredObject pod)
    {
        try
        {
            ops.Delete(BuiltInResources.Pods, pod.Namespace, pod.Name, expectedUid: pod.Uid);
        }
        catch (ApiException)
        {
            // already gone
        }
    }
}
