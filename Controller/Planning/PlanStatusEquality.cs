using Contracts.Plans;

namespace Controller.Planning;

/// <summary>
/// Whether two statuses would be stored the same: field by field, a missing list differs from an empty one
/// (both are written), and the order of lists counts (they are written in order).
/// </summary>
public static class PlanStatusEquality
{
    public static bool Same(PlanStatus a, PlanStatus b) =>
        a.LatestVersion == b.LatestVersion
        && a.LatestHash == b.LatestHash
        && SameList(a.Conditions, b.Conditions, SameCondition)
        && SameList(a.Applying, b.Applying, string.Equals)
        && SameCounts(a.Nodes, b.Nodes)
        && SameList(a.FailedJobs, b.FailedJobs, SameFailure);

    private static bool SameCondition(PlanCondition x, PlanCondition y) =>
        x.Type == y.Type && x.Status == y.Status && x.Reason == y.Reason && x.Message == y.Message
        && x.LastUpdateTime == y.LastUpdateTime && x.LastTransitionTime == y.LastTransitionTime;

    private static bool SameFailure(PlanJobFailure x, PlanJobFailure y) =>
        x.Node == y.Node && x.Job == y.Job && x.Template == y.Template && x.Message == y.Message;

    private static bool SameCounts(PlanNodeCounts? x, PlanNodeCounts? y) =>
        x is null || y is null
            ? x is null && y is null
            : x.Matching == y.Matching && x.Done == y.Done && x.Applying == y.Applying && x.Waiting == y.Waiting
              && x.Failed == y.Failed && x.Gated == y.Gated;

    private static bool SameList<T>(IList<T>? x, IList<T>? y, Func<T, T, bool> same)
    {
        if (x is null || y is null)
        {
            return x is null && y is null;
        }

        if (x.Count != y.Count)
        {
            return false;
        }

        for (var i = 0; i < x.Count; i++)
        {
            if (!same(x[i], y[i]))
            {
                return false;
            }
        }

        return true;
    }
}
