using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Controller.Hosting;

/// <summary>
/// The controller's host: the empty builder, with what the slim one gave an operator added back by name. The slim
/// builder also brings ASP.NET Core routing (its matcher, route patterns, the minimal-API machinery), which three
/// fixed paths do not need (<see cref="ProbeEndpoints"/>); without it the native executable is 2.3 MiB smaller and
/// 4-5 MiB lighter when resident (bench/README.md, ninth pass).
/// </summary>
public static class ControllerWebHost
{
    /// <summary>
    /// Reads, later sources winning: <c>ASPNETCORE_</c> and <c>DOTNET_</c> variables (<c>ASPNETCORE_URLS</c>,
    /// <c>DOTNET_ENVIRONMENT</c>), <c>appsettings.json</c> and <c>appsettings.{environment}.json</c> from the working
    /// directory, then every environment variable (<c>Logging__LogLevel__Controller=Debug</c>); logs to the console
    /// by the <c>Logging</c> section; Kestrel by the <c>Kestrel</c> section. Files are read once, at start: no file
    /// watcher runs in the controller.
    /// </summary>
    /// <param name="contentRoot">where the appsettings files are (tests); default: the working directory</param>
    public static WebApplicationBuilder CreateBuilder(string? contentRoot = null)
    {
        // The environment name picks a file, so it is read from the variables before the builder exists, in the
        // slim builder's order.
        var hostSettings = new ConfigurationManager();
        hostSettings.AddEnvironmentVariables("ASPNETCORE_");
        hostSettings.AddEnvironmentVariables("DOTNET_");
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            EnvironmentName = hostSettings[WebHostDefaults.EnvironmentKey] is { Length: > 0 } environment ? environment : Environments.Production,
            ContentRootPath = contentRoot,
        });

        builder.Configuration.AddEnvironmentVariables("ASPNETCORE_");
        builder.Configuration.AddEnvironmentVariables("DOTNET_");
        builder.Configuration
            .AddJsonFile(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddJsonFile(Path.Combine(builder.Environment.ContentRootPath, $"appsettings.{builder.Environment.EnvironmentName}.json"), optional: true, reloadOnChange: false);
        builder.Configuration.AddEnvironmentVariables();

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel((context, kestrel) => kestrel.Configure(context.Configuration.GetSection("Kestrel"), reloadOnChange: false));
        return builder;
    }
}
