using Controller;
using Controller.Hosting;
using Controller.Reconciliation;
using Prometheus;

// First, before anything serializes: the native executable has no reflection-based JSON to fall back on.
Controller.Kubernetes.KubernetesJsonSetup.UseControllerTypes();

var parsed = ControllerOptions.Parse(args, Environment.GetEnvironmentVariables());
if (parsed.Help)
{
    Console.WriteLine(ControllerOptions.Usage);
    return 0;
}

if (parsed.Options is not { } options)
{
    Console.Error.WriteLine(parsed.ErrorText());
    return 2;
}

try
{
    // Fail before anything starts when no API server can be named.
    Controller.Kubernetes.KubeConfig.Build(options);
}
catch (Exception e) when (e is InvalidOperationException or k8s.Exceptions.KubeConfigException or IOException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

// Its configuration as the slim builder gave it, without ASP.NET Core routing (ControllerWebHost says why).
var builder = ControllerWebHost.CreateBuilder();
// Health and metrics on :8081 as the manifest probes them: the reference serves none, and the channel
// server's default is :8080, so both run side by side on one host. ASPNETCORE_URLS overrides.
if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")))
{
    builder.WebHost.UseUrls("http://0.0.0.0:8081");
}

builder.Logging.SetMinimumLevel(options.Debug ? LogLevel.Debug : LogLevel.Information);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.AddUpgradeController(options);
// This process's heap is the controller's alone: give a burst's garbage back (MemoryTrimService says why).
builder.Services.AddHostedService<MemoryTrimService>();
var app = builder.Build();
// Ready: standing by for the lease, or leading with filled caches.
var leadership = app.Services.GetRequiredService<Leadership>();
var planController = app.Services.GetRequiredService<PlanController>();
app.UseProbes(() => !leadership.IsLeader || planController.Synced, app.Services.GetRequiredService<ControllerMetrics>().Registry);
await app.RunAsync();
// A loop that died stopped the host: say so in the exit code, so the pod restarts.
return app.Services.GetRequiredService<ControllerFaults>().First is null ? 0 : 1;

public partial class Program;
