using Contracts.Plans;
using k8s.Models;

namespace Controller.Planning;

/// <summary>
/// The whole decision about one Plan, a pure function of a <see cref="PlanSnapshot"/>: validate, resolve the
/// target, then the steps each named after the rule it owns, in the order they must run.
/// </summary>
public sealed class PlanReconciler(ControllerSettings settings)
{
    public static readonly TimeSpan WindowRecheck = CompleteCondition.WindowRecheck;

    public PlanDecision Decide(PlanSnapshot snapshot)
    {
        var d = new DecisionDraft(snapshot.Plan.Status);
        if (Validate(snapshot, d) && Resolve(snapshot, d) is { } target)
        {
            Roll(snapshot, target.Version, target.Hash, d);
        }

        return d.ToDecision(snapshot.Plan.Status);
    }

    /// <summary>Condition <c>Validated</c>; an invalid Plan creates nothing.</summary>
    private static bool Validate(PlanSnapshot s, DecisionDraft d)
    {
        var problem = PlanValidation.Validate(s.Plan.Spec, s.Secrets.ContainsKey) ?? ReadinessGate.Problem(s.Plan);
        if (problem is not null)
        {
            if (Conditions.Set(d.Status, PlanConditions.Validated, false, PlanConditions.Reasons.Error, problem, s.Now))
            {
                d.Events.Add(PlanEvent.Warning(PlanEvents.ValidateFailed, problem));
            }

            Conditions.Set(d.Status, PlanConditions.Complete, false, PlanConditions.Reasons.NotReady, problem, s.Now);
            return false;
        }

        if (Conditions.Set(d.Status, PlanConditions.Validated, true, PlanConditions.Reasons.PlanIsValid, "", s.Now))
        {
            d.Events.Add(PlanEvent.Normal(PlanEvents.Validated, "Plan is valid"));
        }

        return true;
    }

    /// <summary>Condition <c>LatestResolved</c>, <c>latestVersion</c> and <c>latestHash</c>; a new target resets <c>Complete</c>.</summary>
    private static (string Version, string Hash)? Resolve(PlanSnapshot s, DecisionDraft d)
    {
        var status = d.Status;
        var target = TargetVersion.Resolve(s.Plan.Spec, status.LatestVersion, s.ChannelAnswer);
        Conditions.Set(status, PlanConditions.LatestResolved, target.Resolved, target.Reason, target.Message, s.Now);
        if (target.FailureEvent is not null)
        {
            d.Events.Add(PlanEvent.Warning(PlanEvents.ResolveFailed, target.FailureEvent));
        }

        if (target.LatestVersion is null)
        {
            Conditions.Set(status, PlanConditions.Complete, false, PlanConditions.Reasons.NotReady, target.Message, s.Now);
            return null;
        }

        var latestVersion = target.LatestVersion;
        var latestHash = PlanHash.Compute(s.Plan, latestVersion, name => s.Secrets.GetValueOrDefault(name));
        if (latestVersion != status.LatestVersion || latestHash != status.LatestHash)
        {
            status.LatestVersion = latestVersion;
            status.LatestHash = latestHash;
            var source = target.Reason == PlanConditions.Reasons.Version ? "Spec.Version" : "Spec.Channel";
            Conditions.Set(status, PlanConditions.Complete, false, PlanConditions.Reasons.Resolved, "", s.Now);
            d.Events.Add(PlanEvent.Normal(PlanEvents.Resolved, $"Resolved latest version from {source}: {latestVersion}"));
        }

        return (latestVersion, latestHash);
    }

    private void Roll(PlanSnapshot s, string latestVersion, string latestHash, DecisionDraft d)
    {
        var plan = s.Plan;
        var status = d.Status;
        var nodes = s.Nodes.ToDictionary(n => n.Metadata.Name);

        var triage = JobTriage.Sort(s.Jobs, nodes, latestVersion, s.Now, d);
        var completion = NodeCompletion.Apply(plan, triage.Completed, nodes, latestVersion, latestHash, s.Now, ReadinessGate.Timeout(plan, settings), d);
        var effectiveNodes = completion.Effective(s.Nodes);

        var applying = (IReadOnlyCollection<string>?)status.Applying?.ToHashSet() ?? new HashSet<string>();
        var matching = effectiveNodes.Where(n => NodeSelection.Matches(plan.Spec, n)).ToList();
        var holds = StartGates.Holds(plan, completion.Waits, matching, s.Alerts, settings);
        if (s.Alerts is { Readable: false } alerts && !settings.BlockOnAlertsUnavailable)
        {
            // Reported, not blocking: the default, so that a Prometheus outage does not stop every rollout.
            d.Events.Add(PlanEvent.Warning(PlanEvents.AlertsUnavailable, $"Prometheus cannot be read ({alerts.Error}); not holding the rollout (--block-on-prometheus-unreachable would)"));
        }

        var choice = NodeChoice.Make(plan, effectiveNodes, applying, latestVersion, latestHash, s.Now, holds, completion.Waits);
        status.Applying = choice.Selected.Count == 0 ? null : [.. choice.SelectedNames.Order(StringComparer.Ordinal)];

        var desiredJobs = choice.Selected.ToDictionary(n => n.Metadata.Name, n => JobBuilder.Build(plan, n, latestVersion, latestHash, settings));
        var failures = FailedJobMemory.Recall(plan.Metadata.Name, choice.Selected, desiredJobs, triage.Failed, status.FailedJobs, d);
        status.FailedJobs = failures.Count == 0 ? null : [.. failures];
        status.Nodes = choice.Counts(UpgradeLabels.ForPlan(plan.Metadata.Name), latestHash, failures.Count);

        CompleteCondition.Set(plan, choice, failures, latestVersion, latestHash, s.Now, d);
        var failedNodes = failures.Select(f => f.Node).ToHashSet(StringComparer.Ordinal);
        JobSync.Sync(plan, s.Jobs, triage, choice, desiredJobs, failedNodes, latestVersion, latestHash, d);
        CordonOwnership.MarkBeforeRelease(plan, choice.Selected, latestHash, d);
        FailureMark.Sync(plan.Metadata.Name, effectiveNodes, failures, d);
    }
}
