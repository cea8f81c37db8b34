using Contracts.Versions;

namespace ChannelServer.Fleet;

/// <summary>
/// Which poll headers count: a cluster id is a UUID (system-upgrade-controller sends the kube-system
/// namespace's UID) and nothing else; a reported version is kept only when it is a version, so a client
/// cannot grow the fleet's memory or its metric labels with arbitrary text.
/// </summary>
public static class FleetHeaders
{
    private const int MaxVersionLength = 64;

    public static bool TryClusterId(string? header, out Guid id) =>
        Guid.TryParseExact(header, "D", out id) && id != Guid.Empty;

    public static string? Version(string? header) =>
        header is { Length: > 0 and <= MaxVersionLength } && ReleaseVersion.TryParse(header, out var version) ? version.Original : null;
}
