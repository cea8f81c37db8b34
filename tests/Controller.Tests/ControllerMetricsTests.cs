using Controller.Reconciliation;

namespace Controller.Tests;

public class ControllerMetricsTests
{
    [Fact]
    public async Task Two_controllers_in_one_process_share_no_series()
    {
        var a = new ControllerMetrics();
        var b = new ControllerMetrics();
        a.NodesUpgraded.WithLabels("p").Inc(3);
        Assert.Equal(0, b.NodesUpgraded.WithLabels("p").Value);
        using var text = new MemoryStream();
        await a.Registry.CollectAndExportAsTextAsync(text);
        Assert.Contains("suc_nodes_upgraded_total{plan=\"p\"} 3", System.Text.Encoding.UTF8.GetString(text.ToArray()));
    }
}
