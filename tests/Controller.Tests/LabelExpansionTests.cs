using System.Net;
using Contracts.Plans;
using Controller.Planning;
using k8s.Models;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

public class LabelExpansionTests
{
    [Theory]
    [InlineData("$(LATEST_VERSION)", "v1.2.3-k3s1")]
    [InlineData("v-$(LATEST_HASH)", "v-abc")]
    [InlineData("$$(LATEST_VERSION)", "$(LATEST_VERSION)")]
    [InlineData("$(UNKNOWN)", "$(UNKNOWN)")]
    [InlineData("plain", "plain")]
    [InlineData("a$b", "a$b")]
    [InlineData("$(LATEST_VERSION", "$(LATEST_VERSION")]
    public void Post_complete_labels_expand(string input, string expected)
    {
        var expanded = LabelExpansion.ExpandAll(new Dictionary<string, string> { ["k"] = input }, "v1.2.3-k3s1", "abc");
        Assert.Equal(expected, expanded["k"]);
    }
}
