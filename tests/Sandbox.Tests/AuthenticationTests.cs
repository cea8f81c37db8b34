using System.Net;
using System.Text.Json.Nodes;

namespace Sandbox.Tests;

/// <summary>Bearer-token authentication with the kubeconfig's token, and the warning on a non-loopback listen address.</summary>
public sealed class AuthenticationTests
{
    [Fact]
    public async Task A_request_without_the_token_is_401_and_kubectl_with_the_kubeconfig_is_admitted()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.Simulate = false);
        using var anonymous = sandbox.Anonymous();
        var response = await anonymous.GetAsync("/api/v1/nodes");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(("Status", "Unauthorized", 401), (status["kind"]!.GetValue<string>(), status["reason"]!.GetValue<string>(), status["code"]!.GetValue<int>()));

        using var wrong = sandbox.Anonymous();
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", "sandbox");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/version")).StatusCode);

        Assert.Contains($"token: \"{sandbox.Host.Token}\"", await File.ReadAllTextAsync(sandbox.Host.KubeconfigPath));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(sandbox.Host.KubeconfigPath));
        }

        using var kubectl = new Kubectl(sandbox.Host.KubeconfigPath);
        Assert.Contains("agent-1", await kubectl.OkAsync("get", "nodes"));
    }

    [Fact]
    public async Task Each_sandbox_has_its_own_token_unless_one_is_given()
    {
        await using var a = await TestSandbox.StartAsync(o => o.Simulate = false);
        await using var b = await TestSandbox.StartAsync(o => o.Simulate = false);
        Assert.NotEqual(a.Host.Token, b.Host.Token);
        Assert.Equal(64, a.Host.Token.Length);

        await using var fixedToken = await TestSandbox.StartAsync(o => { o.Simulate = false; o.Token = "s3cret"; });
        Assert.Equal("s3cret", fixedToken.Host.Token);
        Assert.Equal("s3cret", CommandLine.Parse(["--token", "s3cret"], out _).Token);
    }

    [Fact]
    public async Task Anonymous_access_admits_requests_without_a_token_but_not_a_wrong_one()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => { o.Simulate = false; o.AllowAnonymous = CommandLine.Parse(["--anonymous"], out _).AllowAnonymous; });
        using var anonymous = sandbox.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/v1/nodes")).StatusCode);
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "nope");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/nodes")).StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("localhost", false)]
    [InlineData("::1", false)]
    [InlineData("0.0.0.0", true)]
    [InlineData("10.1.2.3", true)]
    public void Listening_beyond_loopback_warns_that_clients_are_cluster_admin(string host, bool warns)
    {
        var warning = ExposureWarning.For(host, allowAnonymous: false);
        Assert.Equal(warns, warning is not null);
        if (warns)
        {
            Assert.Contains("cluster-admin", warning);
            Assert.Contains("without any credential", ExposureWarning.For(host, allowAnonymous: true));
        }
    }
}
