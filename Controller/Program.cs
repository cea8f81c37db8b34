using Controller;
using Prometheus;

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

var builder = WebApplication.CreateBuilder();
// Health and metrics on :8081 as the manifest probes them: the reference serves none, and the channel
// server's default is :8080, so both run side by side on one host. ASPNETCORE_URLS overrides.
if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")))
{
    builder.WebHost.UseUrls("http://0.0.0.0:8081");
}

builder.Logging.SetMinimumLevel(options.Debug ? LogLevel.Debug : LogLevel.Information);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.AddSingleton(options);
builder.Services.AddSingleton<ControllerService>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<ControllerService>());
var app = builder.Build();
app.MapGet("/healthz", () => "ok");
app.MapGet("/readyz", (ControllerService service) => service.Ready ? Results.Ok("ok") : Results.StatusCode(503));
app.MapMetrics();
await app.RunAsync();
return Environment.ExitCode;

/// <summary>Runs the controller for the lifetime of the process; if it stops on its own, so does the process.</summary>
internal sealed class ControllerService(ControllerOptions options, ILoggerFactory loggers, IHostApplicationLifetime lifetime) : BackgroundService
{
    private ControllerHost? _host;

    /// <summary>Running, and either standing by for the lease or leading with filled caches.</summary>
    public bool Ready => _host is { Completion.IsCompleted: false } host && (!host.IsLeader || host.Controller.Synced);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var host = await ControllerHost.StartAsync(options, stoppingToken, loggers).ConfigureAwait(false);
            _host = host;
            await host.Completion.ConfigureAwait(false);
        }
        finally
        {
            if (!stoppingToken.IsCancellationRequested)
            {
                Environment.ExitCode = 1;
                lifetime.StopApplication();
            }
        }
    }
}

public partial class Program;
