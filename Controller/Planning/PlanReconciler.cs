using System.Text.Json;
using Contracts.Plans;
using k8s;
using k8s.Models;

namespace Controller.Planning;

/// <summary>The whole decision about one Plan, a pure function of a <see cref="PlanSnapshot"/>.</summary>
public sealed class PlanReconciler(ControllerSettings settings)
{
    public static readonly TimeSpan WindowRecheck = TimeSpan.FromMinutes(1);

    public PlanDecision Decide(PlanSnapshot snapshot)
    {
        var d = new Draft(snapshot);
        Decide(snapshot, d);
        var before = JsonSerializer.Serialize(snapshot.Plan.Status ?? new PlanStatus());
        var after = JsonSerializer.Serialize(d.Status);
        return new PlanDecision(d.Status, before != after, d.Delete, d.NodePatches, d.Create, d.Release, d.Events, d.RequeueAfter);
    }

    private void Decide(PlanSnapshot s, Draft d)
    {
        var plan = s.Plan;
        var spec = plan.Spec;
        var status = d.Status;

        // Validation: an invalid plan creates nothing.
        var problem = PlanValidation.Validate(spec, s.Secrets.ContainsKey);
        if (problem is not null)
        {
            if (Conditions.Set(status, PlanConditions.Validated, false, PlanConditions.Reasons.Error, problem, s.Now))
            {
                d.Events.Add(PlanEvent.Warning(PlanEvents.ValidateFailed, problem));
            }

            Conditions.Set(status, PlanConditions.Complete, false, PlanConditions.Reasons.NotReady, problem, s.Now);
            return;
        }

        if (Conditions.Set(status, PlanConditions.Validated, true, PlanConditions.Reasons.PlanIsValid, "", s.Now))
        {
            d.Events.Add(PlanEvent.Normal(PlanEvents.Validated, "Plan is valid"));
        }

        // Target version and hash.
        var target = TargetVersion.Resolve(spec, status.LatestVersion, s.ChannelAnswer);
        Conditions.Set(status, PlanConditions.LatestResolved, target.Resolved, target.Reason, target.Message, s.Now);
        if (target.FailureEvent is not null)
        {
            d.Events.Add(PlanEvent.Warning(PlanEvents.ResolveFailed, target.FailureEvent));
        }

        if (target.LatestVersion is null)
        {
            Conditions.Set(status, PlanConditions.Complete, false, PlanConditions.Reasons.NotReady, target.Message, s.Now);
            return;
        }

        var latestVersion = target.LatestVersion;
        var latestHash = PlanHash.Compute(plan, latestVersion, name => s.Secrets.GetValueOrDefault(name));
        if (latestVersion != status.LatestVersion || latestHash != status.LatestHash)
        {
            status.LatestVersion = latestVersion;
            status.LatestHash = latestHash;
            var source = target.Reason == PlanConditions.Reasons.Version ? "Spec.Version" : "Spec.Channel";
            Conditions.Set(status, PlanConditions.Complete, false, PlanConditions.Reasons.Resolved, "", s.Now);
            d.Events.Add(PlanEvent.Normal(PlanEvents.Resolved, $"Resolved latest version from {source}: {latestVersion}"));
        }

        // Finished Jobs, stale Jobs, TTLs. Labels set here count for the selection below.
        var nodes = s.Nodes.ToDictionary(n => n.Metadata.Name);
        // Copied on first write: most passes relabel a few nodes out of thousands.
        var nodeLabels = new Dictionary<string, Dictionary<string, string>>();
        Dictionary<string, string> Relabel(V1Node node)
        {
            if (!nodeLabels.TryGetValue(node.Metadata.Name, out var labels))
            {
                nodeLabels[node.Metadata.Name] = labels = new Dictionary<string, string>(node.Metadata.Labels ?? new Dictionary<string, string>());
            }

            return labels;
        }

        var failedJobs = new Dictionary<string, (V1Job Job, string Node, JobState State)>(StringComparer.Ordinal);
        var live = new List<(V1Job Job, string Node, JobState State)>();
        var planLabel = UpgradeLabels.ForPlan(plan.Metadata.Name);
        var planKey = $"{plan.Metadata.NamespaceProperty}/{plan.Metadata.Name}";
        var cordons = spec.Cordon == true || spec.Drain is not null;
        var delay = PlanValidation.PostCompleteDelay(spec);
        foreach (var job in s.Jobs)
        {
            var labels = job.Metadata.Labels ?? new Dictionary<string, string>();
            if (!labels.TryGetValue(UpgradeLabels.Plan, out _) || !labels.TryGetValue(UpgradeLabels.Node, out var nodeName) || !labels.TryGetValue(UpgradeLabels.Version, out var version))
            {
                d.Delete.Add(new JobDeletion(job.Metadata.Name, "missing plan, node or version label"));
                continue;
            }

            if (!nodes.TryGetValue(nodeName, out var node))
            {
                d.Delete.Add(new JobDeletion(job.Metadata.Name, $"node {nodeName} is gone"));
                continue;
            }

            if (version != latestVersion)
            {
                d.Delete.Add(new JobDeletion(job.Metadata.Name, $"built for version {version}, not {latestVersion}"));
                continue;
            }

            var state = JobState.Of(job);
            if (!state.Finished)
            {
                live.Add((job, nodeName, state));
                continue;
            }

            if (state.Phase == JobPhase.Failed)
            {
                failedJobs.TryAdd(job.Metadata.Name, (job, nodeName, state));
            }
            else
            {
                var jobHash = labels.TryGetValue(planLabel, out var h) ? h : "";
                var current = nodeLabels.TryGetValue(nodeName, out var relabelled) ? relabelled : node.Metadata.Labels;
                var labelled = current is not null && current.TryGetValue(planLabel, out var currentHash) && currentHash == jobHash;
                if (!labelled)
                {
                    var readyAt = (state.FinishedAt ?? s.Now) + delay;
                    // Cordon ownership: only a node this plan cordoned (marked when its Job was released) is uncordoned.
                    var cordonedByUs = node.Metadata.Annotations?.TryGetValue(UpgradeLabels.CordonedBy, out var by) == true && by == planKey;
                    var uncordon = cordons && cordonedByUs && node.Spec?.Unschedulable == true;
                    var unmark = cordonedByUs ? new Dictionary<string, string?> { [UpgradeLabels.CordonedBy] = null } : new Dictionary<string, string?>();
                    if (s.Now < readyAt)
                    {
                        d.Events.Add(PlanEvent.Normal(PlanEvents.JobCompleteWaiting, $"Job completed on Node {nodeName}, waiting for postCompleteDelay {spec.PostCompleteDelay}"));
                        d.Wake(readyAt - s.Now);
                        if (uncordon)
                        {
                            d.NodePatches.Add(new NodePatch(nodeName, new Dictionary<string, string?>(), unmark, false));
                        }
                    }
                    else
                    {
                        var newLabels = new Dictionary<string, string?>();
                        foreach (var (key, value) in LabelExpansion.ExpandAll(spec.PostCompleteLabels, latestVersion, latestHash))
                        {
                            newLabels[key] = value;
                        }

                        newLabels[planLabel] = jobHash;
                        var relabel = Relabel(node);
                        foreach (var (key, value) in newLabels)
                        {
                            relabel[key] = value!;
                        }

                        d.NodePatches.Add(new NodePatch(nodeName, newLabels, unmark, uncordon ? false : null));
                        d.Events.Add(PlanEvent.Normal(PlanEvents.JobComplete, $"Job completed on Node {nodeName}"));
                    }
                }
            }

            if (JobState.Ttl(job) is { } ttl && state.FinishedAt is { } finishedAt)
            {
                if (s.Now >= finishedAt + ttl)
                {
                    d.Delete.Add(new JobDeletion(job.Metadata.Name, "finished and past its TTL"));
                }
                else
                {
                    d.Wake(finishedAt + ttl - s.Now);
                }
            }
        }

        // Node selection inside the window; the version gate between choosing and Jobs.
        var effectiveNodes = s.Nodes.Select(n => nodeLabels.TryGetValue(n.Metadata.Name, out var labels) ? WithLabels(n, labels) : n).ToList();
        var applying = (IReadOnlyCollection<string>?)status.Applying?.ToHashSet() ?? new HashSet<string>();
        var windowOpen = spec.Window is null || (TimeWindow.TryParse(spec.Window, out var window, out _) && window.Contains(s.Now));
        var candidates = effectiveNodes.Where(n => NodeSelection.IsCandidate(plan, n, latestHash)).ToList();
        var gated = VersionGate.Check(plan, candidates, effectiveNodes, latestVersion);
        var gatedNames = gated.Select(g => g.Node.Metadata.Name).ToHashSet();
        var selected = NodeSelection.Select(plan, candidates.Where(n => !gatedNames.Contains(n.Metadata.Name)), latestHash, applying, windowOpen);
        var selectedNames = selected.Select(n => n.Metadata.Name).ToHashSet();

        status.Applying = selected.Count == 0 ? null : [.. selectedNames.Order(StringComparer.Ordinal)];

        // Failed-Job memory: a failed Job is not created again until the Plan changes what it runs. The status keeps the
        // failures, because Kubernetes deletes the failed Job itself once its TTL has passed.
        var desiredJobs = selected.ToDictionary(n => n.Metadata.Name, n => JobBuilder.Build(plan, n, latestVersion, latestHash, settings));
        var known = new Dictionary<string, PlanJobFailure>(StringComparer.Ordinal);
        foreach (var f in status.FailedJobs ?? [])
        {
            known.TryAdd(f.Job, f);
        }

        var failures = new List<PlanJobFailure>();
        foreach (var node in selected.OrderBy(n => n.Metadata.Name, StringComparer.Ordinal))
        {
            var desired = desiredJobs[node.Metadata.Name];
            var template = desired.Metadata.Annotations[JobBuilder.TemplateAnnotation];
            if (failedJobs.TryGetValue(desired.Metadata.Name, out var f))
            {
                if (TemplateOf(f.Job) == template)
                {
                    var message = $"Job {f.Job.Metadata.NamespaceProperty}/{f.Job.Metadata.Name} failed on Node {f.Node}: {f.State.Reason}: {f.State.Message}";
                    failures.Add(new PlanJobFailure { Node = f.Node, Job = f.Job.Metadata.Name, Template = template, Message = message });
                    if (!known.TryGetValue(f.Job.Metadata.Name, out var before) || before.Template != template)
                    {
                        d.Events.Add(PlanEvent.Warning(PlanEvents.JobFailed, message));
                    }
                }

                // Otherwise the Plan changed what the Job runs since it failed: it is replaced below.
            }
            else if (known.TryGetValue(desired.Metadata.Name, out var gone) && gone.Template == template)
            {
                failures.Add(gone);
            }
        }

        status.FailedJobs = failures.Count == 0 ? null : failures;
        var failedNodes = failures.Select(f => f.Node).ToHashSet(StringComparer.Ordinal);
        var matching = effectiveNodes.Where(n => NodeSelection.Matches(spec, n)).ToList();
        status.Nodes = new PlanNodeCounts
        {
            Matching = matching.Count,
            Done = matching.Count(n => n.Metadata.Labels!.TryGetValue(planLabel, out var v) && v == latestHash),
            Applying = selected.Count,
            Waiting = candidates.Count - selected.Count - gated.Count,
            Failed = failures.Count,
            Gated = gated.Count,
        };

        if (selected.Count == 0)
        {
            if (!windowOpen && candidates.Count > gated.Count)
            {
                if (Conditions.Set(status, PlanConditions.Complete, false, PlanConditions.Reasons.Waiting, "waiting for the time window", s.Now))
                {
                    d.Events.Add(PlanEvent.Normal(PlanEvents.Waiting, $"Waiting for the time window to start Jobs for version {latestVersion}"));
                }

                d.Wake(WindowRecheck);
            }
            else if (gated.Count > 0)
            {
                var message = VersionGate.Message(gated);
                if (Conditions.Set(status, PlanConditions.Complete, false, gated[0].Reason, message, s.Now))
                {
                    d.Events.Add(PlanEvent.Warning(PlanEvents.Gated, message));
                }
            }
            else if (Conditions.Set(status, PlanConditions.Complete, true, PlanConditions.Reasons.Complete, "", s.Now))
            {
                d.Events.Add(PlanEvent.Normal(PlanEvents.Complete, $"Jobs complete for version {latestVersion}. Hash: {latestHash}"));
            }
        }
        else if (failures.Count > 0)
        {
            // Every failed node is named; each failure had its own JobFailed event when it was first seen.
            Conditions.Set(status, PlanConditions.Complete, false, PlanConditions.Reasons.JobFailed, string.Join("; ", failures.Select(f => f.Message)), s.Now);
        }
        else if (gated.Count > 0 && gated[0].Reason != PlanConditions.Reasons.WaitingForControlPlane)
        {
            // Rolling out other nodes, but these will not follow until an operator acts: the gate's reason shows
            // (the worst first), as when nothing else is left.
            var message = VersionGate.Message(gated);
            if (Conditions.Set(status, PlanConditions.Complete, false, gated[0].Reason, message, s.Now))
            {
                d.Events.Add(PlanEvent.Warning(PlanEvents.Gated, message));
            }
        }
        else
        {
            // Rolling out; nodes waiting for the control plane will follow by themselves, and are named.
            Conditions.Set(status, PlanConditions.Complete, false, PlanConditions.Reasons.Resolved, gated.Count > 0 ? VersionGate.Message(gated) : "", s.Now);
        }

        // Jobs: one per selected node; every other unfinished Job is out of turn.
        var created = new List<string>();
        var jobsByName = new Dictionary<string, V1Job>(StringComparer.Ordinal);
        foreach (var job in s.Jobs)
        {
            jobsByName.TryAdd(job.Metadata.Name, job);
        }

        var liveByName = new Dictionary<string, (V1Job Job, string Node, JobState State)>(StringComparer.Ordinal);
        foreach (var l in live)
        {
            liveByName.TryAdd(l.Job.Metadata.Name, l);
        }

        foreach (var node in selected)
        {
            var desired = desiredJobs[node.Metadata.Name];
            var existing = jobsByName.GetValueOrDefault(desired.Metadata.Name);
            var liveJob = liveByName.GetValueOrDefault(desired.Metadata.Name);
            if (existing is null)
            {
                if (!failedNodes.Contains(node.Metadata.Name))
                {
                    d.Create.Add(desired);
                    d.Release.Add(desired.Metadata.Name);
                    created.Add(node.Metadata.Name);
                }
            }
            else if (failedJobs.ContainsKey(existing.Metadata.Name) && !failedNodes.Contains(node.Metadata.Name))
            {
                d.Delete.Add(new JobDeletion(existing.Metadata.Name, "failed, and the Plan changed the Job's template since"));
                d.Wake(TimeSpan.FromSeconds(1));
            }
            else if (liveJob.Job is not null)
            {
                if (TemplateOf(existing) != desired.Metadata.Annotations[JobBuilder.TemplateAnnotation])
                {
                    d.Delete.Add(new JobDeletion(existing.Metadata.Name, "the Plan changed the Job's template"));
                    d.Wake(TimeSpan.FromSeconds(1));
                }
                else if (liveJob.State.Phase == JobPhase.Paused)
                {
                    d.Release.Add(existing.Metadata.Name);
                }
            }
        }

        foreach (var (job, node, _) in live)
        {
            var wanted = selectedNames.Contains(node) && job.Metadata.Name == JobNames.For(plan.Metadata.Name, node, latestHash);
            if (!wanted)
            {
                d.Delete.Add(new JobDeletion(job.Metadata.Name, "out of turn: its node is not applying"));
            }
        }

        // Before a cordoning Job may run, note on its node that this plan will have cordoned it, unless
        // the node is already cordoned (by an operator, say): that one stays cordoned after the upgrade.
        if (cordons)
        {
            foreach (var node in selected.Where(n => d.Release.Contains(JobNames.For(plan.Metadata.Name, n.Metadata.Name, latestHash))))
            {
                var marked = node.Metadata.Annotations?.TryGetValue(UpgradeLabels.CordonedBy, out var by) == true && by == planKey;
                if (!marked && node.Spec?.Unschedulable != true)
                {
                    d.NodePatches.Add(new NodePatch(node.Metadata.Name, new Dictionary<string, string?>(), new Dictionary<string, string?> { [UpgradeLabels.CordonedBy] = planKey }, null));
                }
            }
        }

        if (created.Count > 0)
        {
            d.Events.Add(PlanEvent.Normal(PlanEvents.SyncJob, $"Jobs synced for version {latestVersion} on Nodes {string.Join(",", created.Order(StringComparer.Ordinal))}. Hash: {latestHash}"));
        }
    }

    private static string? TemplateOf(V1Job job) =>
        job.Metadata.Annotations?.TryGetValue(JobBuilder.TemplateAnnotation, out var template) == true ? template : null;

    private static V1Node WithLabels(V1Node node, Dictionary<string, string> labels)
    {
        if (labels.Count == (node.Metadata.Labels?.Count ?? 0) && labels.All(kv => node.Metadata.Labels!.TryGetValue(kv.Key, out var v) && v == kv.Value))
        {
            return node;
        }

        return new V1Node
        {
            ApiVersion = node.ApiVersion,
            Kind = node.Kind,
            Metadata = new V1ObjectMeta { Name = node.Metadata.Name, Uid = node.Metadata.Uid, Labels = labels, Annotations = node.Metadata.Annotations },
            Spec = node.Spec,
            Status = node.Status,
        };
    }

    private sealed class Draft(PlanSnapshot s)
    {
        public PlanStatus Status { get; } = Clone(s.Plan.Status) ?? new PlanStatus();
        public List<JobDeletion> Delete { get; } = [];
        public List<NodePatch> NodePatches { get; } = [];
        public List<V1Job> Create { get; } = [];
        public List<string> Release { get; } = [];
        public List<PlanEvent> Events { get; } = [];
        public TimeSpan? RequeueAfter { get; private set; }

        public void Wake(TimeSpan after)
        {
            if (after < TimeSpan.Zero)
            {
                after = TimeSpan.Zero;
            }

            if (RequeueAfter is null || after < RequeueAfter)
            {
                RequeueAfter = after;
            }
        }

        private static PlanStatus? Clone(PlanStatus? status) =>
            status is null ? null : KubernetesJson.Deserialize<PlanStatus>(KubernetesJson.Serialize(status));
    }
}
