namespace Controller.Tests;

/// <summary>
/// Tests that set process-wide environment variables a host reads at start (DOTNET_ENVIRONMENT and the like): they
/// run alone, so no other test's host starts while a variable is set.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}
