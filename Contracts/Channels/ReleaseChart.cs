namespace Contracts.Channels;

/// <summary>A chart bundled with a release (<c>charts</c> values).</summary>
public sealed class ReleaseChart
{
    public string? Repo { get; init; }
    public string? Version { get; init; }
}
