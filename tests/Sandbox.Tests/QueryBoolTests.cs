using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using Sandbox.Api;

namespace Sandbox.Tests;

/// <summary>Boolean query parameters read as kube-apiserver's parameter codec reads them.</summary>
public sealed class QueryBoolTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("t", true)]
    [InlineData("1", true)]
    [InlineData("", true)]
    [InlineData("yes", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("FALSE", false)]
    [InlineData("0", false)]
    public void A_value_is_false_only_when_it_is_0_or_false(string value, bool expected) =>
        Assert.Equal(expected, QueryBool.Read(new StringValues(value)));

    [Fact]
    public void An_absent_parameter_is_false() => Assert.False(QueryBool.Read(StringValues.Empty));

    [Theory]
    [InlineData("True")]
    [InlineData("t")]
    [InlineData("TRUE")]
    public async Task Watch_True_as_the_python_client_sends_it_streams_events(string value)
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.Simulate = false);
        using var http = sandbox.Http();
        using var response = await http.GetAsync($"/api/v1/namespaces?watch={value}&timeoutSeconds=1", HttpCompletionOption.ResponseHeadersRead);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(lines, l => Assert.Equal("ADDED", JsonNode.Parse(l)!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Watch_False_lists()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.Simulate = false);
        using var http = sandbox.Http();
        var list = JsonNode.Parse(await http.GetStringAsync($"/api/v1/namespaces?watch=False"))!;
        Assert.Equal("NamespaceList", list["kind"]!.GetValue<string>());
    }
}
