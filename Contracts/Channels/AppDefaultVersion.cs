namespace Contracts.Channels;

/// <summary>For apps whose version matches <see cref="AppVersion"/> (a range), <see cref="DefaultVersion"/> is the default.</summary>
public sealed record AppDefaultVersion
{
    public string? AppVersion { get; init; }
    public string? DefaultVersion { get; init; }
}
