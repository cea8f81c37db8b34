using Controller.Hosting;

namespace Controller.Tests;

/// <summary>The environment name, from the variables ASP.NET Core reads it from, picks the second appsettings file.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ControllerWebHostEnvironmentTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("controller-host-env-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("ASPNETCORE_ENVIRONMENT")]
    [InlineData("DOTNET_ENVIRONMENT")]
    public void The_environment_variable_names_the_environment_and_its_appsettings_file(string variable)
    {
        File.WriteAllText(Path.Combine(_root, "appsettings.json"), """{ "HostTest": { "Value": "base" } }""");
        File.WriteAllText(Path.Combine(_root, "appsettings.Staging.json"), """{ "HostTest": { "Value": "staging" } }""");
        Environment.SetEnvironmentVariable(variable, "Staging");
        try
        {
            var builder = ControllerWebHost.CreateBuilder(_root);

            Assert.Equal("Staging", builder.Environment.EnvironmentName);
            Assert.Equal("staging", builder.Configuration["HostTest:Value"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
