using System.Net;
using Controller.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;
using TestSupport;

namespace Controller.Tests;

/// <summary>
/// The controller's host without ASP.NET Core routing: the configuration an operator could give the slim builder
/// still works (appsettings files, environment variables, the Logging and Kestrel sections), and the three paths
/// answer over HTTP as the manifest's probes and Prometheus read them.
/// </summary>
public sealed class ControllerWebHostTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("controller-host-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_appsettings_files_then_the_environment_configure_the_host_and_its_log_levels()
    {
        File.WriteAllText(Path.Combine(_root, "appsettings.json"), """
            { "Logging": { "LogLevel": { "HostTest.Quiet": "Error" } },
              "HostTest": { "FromFile": "base", "ByEnvironment": "base", "ByVariable": "base" } }
            """);
        File.WriteAllText(Path.Combine(_root, "appsettings.Production.json"), """{ "HostTest": { "ByEnvironment": "production" } }""");
        const string variable = "HostTest__ByVariable";
        Environment.SetEnvironmentVariable(variable, "variable");
        try
        {
            var builder = ControllerWebHost.CreateBuilder(_root);

            Assert.Equal("Production", builder.Environment.EnvironmentName);
            Assert.Equal("base", builder.Configuration["HostTest:FromFile"]);
            Assert.Equal("production", builder.Configuration["HostTest:ByEnvironment"]);
            Assert.Equal("variable", builder.Configuration["HostTest:ByVariable"]);
            using var app = builder.Build();
            var quiet = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("HostTest.Quiet");
            Assert.False(quiet.IsEnabled(LogLevel.Warning));
            Assert.True(quiet.IsEnabled(LogLevel.Error));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task The_Kestrel_section_places_the_endpoints_and_the_probes_answer_there()
    {
        var port = FreePort.Get();
        File.WriteAllText(Path.Combine(_root, "appsettings.json"), $$"""{ "Kestrel": { "Endpoints": { "Probes": { "Url": "http://127.0.0.1:{{port}}" } } } }""");
        var ready = false;
        var registry = Metrics.NewCustomRegistry();
        Metrics.WithCustomRegistry(registry).CreateCounter("host_test_total", "A counter of this test.").Inc(3);
        await using var app = ControllerWebHost.CreateBuilder(_root).Build();
        app.UseProbes(() => Volatile.Read(ref ready), registry);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var health = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/readyz")).StatusCode);
        Volatile.Write(ref ready, true);
        var readyz = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, readyz.StatusCode);
        Assert.Equal("ok", await readyz.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/readyz"))).StatusCode);

        var metrics = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("host_test_total 3", await metrics.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/healthz/more")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/")).StatusCode);
        var post = await http.PostAsync("/healthz", null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(["GET", "HEAD"], post.Content.Headers.Allow);
        await app.StopAsync();
    }
}
