using System.Text.Json.Nodes;
using Sandbox.Api.Tables;
using Sandbox.Storage;

namespace Sandbox.Tests;

/// <summary>Label selectors, printer-column JSONPath and AGE formatting as pure functions.</summary>
public sealed class SelectorAndPathTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "front", ["node-role.kubernetes.io/control-plane"] = "true" };

    [Theory]
    [InlineData("", true)]
    [InlineData("app=web", true)]
    [InlineData("app==web,tier=front", true)]
    [InlineData("app!=web", false)]
    [InlineData("app in (api, web)", true)]
    [InlineData("app notin (api,web)", false)]
    [InlineData("tier", true)]
    [InlineData("!tier", false)]
    [InlineData("!missing,node-role.kubernetes.io/control-plane in (true)", true)]
    [InlineData("missing!=x", true)]
    public void Label_selector_strings_match_as_kubernetes_reads_them(string selector, bool matches) =>
        Assert.Equal(matches, LabelSelector.Parse(selector).Matches(Labels));

    [Fact]
    public void Structured_label_selectors_and_their_nil_case()
    {
        var selector = LabelSelector.FromJson(JsonNode.Parse("""
            {"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["front","back"]},{"key":"gone","operator":"DoesNotExist"}]}
            """))!;
        Assert.True(selector.Matches(Labels));
        Assert.Null(LabelSelector.FromJson(null, nullMatchesNothing: true));
        Assert.True(LabelSelector.FromJson(new JsonObject())!.Matches(Labels));
        Assert.Throws<FormatException>(() => LabelSelector.Parse("a b c"));
    }

    [Fact]
    public void Printer_column_paths_with_filters()
    {
        var plan = JsonNode.Parse("""
            {"spec":{"upgrade":{"image":"rancher/k3s-upgrade"}},
             "status":{"applying":["n1","n2"],"conditions":[{"type":"Validated","status":"True","message":""},{"type":"Complete","status":"False","message":"waiting"}]}}
            """);
        string First(string path) => JsonPathExpression.Print(JsonPathExpression.Parse(path).Evaluate(plan).FirstOrDefault());
        Assert.Equal("rancher/k3s-upgrade", First(".spec.upgrade.image"));
        Assert.Equal("False", First(".status.conditions[?(@.type=='Complete')].status"));
        Assert.Equal("waiting", First(".status.conditions[?(@.message!='')].message"));
        Assert.Equal("""["n1","n2"]""", First(".status.applying"));
        Assert.Equal("n2", First(".status.applying[1]"));
        Assert.Equal(2, JsonPathExpression.Parse("{.status.conditions[*].type}").Evaluate(plan).Count);
        Assert.Equal("", First(".status.latestVersion"));
    }

    [Theory]
    [InlineData(5, "5s")]
    [InlineData(119, "119s")]
    [InlineData(150, "2m30s")]
    [InlineData(600, "10m")]
    [InlineData(3 * 3600 + 60, "3h1m")]
    [InlineData(9 * 3600, "9h")]
    [InlineData(3 * 86400 + 3600, "3d1h")]
    [InlineData(30 * 86400, "30d")]
    [InlineData(3 * 365 * 86400 + 86400, "3y1d")]
    public void Ages_print_like_kubectl(int seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));
}
