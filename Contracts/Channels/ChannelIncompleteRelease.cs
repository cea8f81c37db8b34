namespace Contracts.Channels;

/// <summary>A newer release a channel leaves out because required assets are missing (<see cref="Missing"/> null: unknown).</summary>
public sealed class ChannelIncompleteRelease
{
    public string? Version { get; init; }
    public IReadOnlyList<string>? Missing { get; init; }
}
