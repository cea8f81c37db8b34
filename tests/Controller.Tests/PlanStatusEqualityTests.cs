using Contracts.Plans;
using Controller.Planning;
using k8s;

namespace Controller.Tests;

public class PlanStatusEqualityTests
{
    private static PlanStatus Status() => new()
    {
        LatestVersion = "v1",
        LatestHash = "h",
        Applying = ["a"],
        Conditions = [new PlanCondition { Type = "Complete", Status = "False", Reason = "Resolved", Message = "", LastUpdateTime = "t", LastTransitionTime = "t" }],
        Nodes = new PlanNodeCounts { Matching = 3 },
        FailedJobs = [new PlanJobFailure { Node = "a", Job = "j", Template = "t", Message = "m" }],
    };

    [Fact]
    public void A_copy_is_the_same_and_every_field_counts()
    {
        Assert.True(PlanStatusEquality.Same(Status(), KubernetesJson.Deserialize<PlanStatus>(KubernetesJson.Serialize(Status()))));
        var changes = new Action<PlanStatus>[]
        {
            s => s.LatestVersion = "v2",
            s => s.LatestHash = "g",
            s => s.Applying = null,
            s => s.Applying = [],
            s => s.Conditions![0].Message = "x",
            s => s.Conditions![0].LastUpdateTime = "u",
            s => s.Nodes!.Gated = 1,
            s => s.Nodes = null,
            s => s.FailedJobs![0].Template = "u",
        };
        foreach (var change in changes)
        {
            var other = Status();
            change(other);
            Assert.False(PlanStatusEquality.Same(Status(), other));
        }
    }
}
