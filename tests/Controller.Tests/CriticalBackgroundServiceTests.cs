using Controller.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Controller.Tests;

public class CriticalBackgroundServiceTests
{
    private sealed class Loop(Func<CancellationToken, Task> body, IHostApplicationLifetime lifetime, ControllerFaults faults)
        : CriticalBackgroundService(lifetime, faults, NullLogger.Instance)
    {
        protected override Task RunAsync(CancellationToken stoppingToken) => body(stoppingToken);
    }

    private static IHost Build(Func<CancellationToken, Task> body)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        builder.Services.AddSingleton<ControllerFaults>();
        builder.Services.AddHostedService(sp => new Loop(body, sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<ControllerFaults>()));
        return builder.Build();
    }

    [Fact]
    public async Task A_loop_that_throws_stops_the_host_and_is_recorded()
    {
        using var host = Build(async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("watch broke");
        });
        await host.StartAsync();
        await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("watch broke", host.Services.GetRequiredService<ControllerFaults>().First?.Message);
    }

    [Fact]
    public async Task A_loop_that_returns_on_its_own_stops_the_host_too()
    {
        using var host = Build(_ => Task.CompletedTask);
        await host.StartAsync();
        await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("ended on its own", host.Services.GetRequiredService<ControllerFaults>().First?.Message);
    }

    [Fact]
    public async Task A_loop_stopped_by_the_host_is_no_fault()
    {
        using var host = Build(ct => Task.Delay(Timeout.Infinite, ct));
        await host.StartAsync();
        await host.StopAsync();
        Assert.Null(host.Services.GetRequiredService<ControllerFaults>().First);
    }
}
