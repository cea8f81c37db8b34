using Contracts.CommandLine;

namespace Contracts.Tests.CommandLine;

/// <summary>An options record of every kind of value the shared table reads.</summary>
public sealed record SampleOptions
{
    public string? Name { get; init; }
    public int Count { get; init; } = 3;
    public bool Verbose { get; init; }
    public string Mode { get; init; } = "fast";
    public TimeSpan Wait { get; init; } = TimeSpan.FromSeconds(90);
    public IReadOnlyList<string> Urls { get; init; } = ["a.yaml"];
    public SecretText? Token { get; init; } = new("built-in-secret");
}
