using System.Net;

namespace Sandbox;

/// <summary>
/// The sandbox has no authorization: every authenticated client is cluster-admin. Served beyond loopback,
/// that is everyone who can reach the port and holds the kubeconfig's token (or anyone, with anonymous
/// access), so the operator is told so at start.
/// </summary>
public static class ExposureWarning
{
    public static bool IsLoopback(string host) =>
        host is "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>The warning to print for this listen host, or null on loopback.</summary>
    public static string? For(string host, bool allowAnonymous)
    {
        if (IsLoopback(host))
        {
            return null;
        }

        var who = allowAnonymous
            ? "anyone who can reach it, without any credential (--anonymous)"
            : "anyone who can reach it and has the kubeconfig's token";
        return $"the sandbox listens on {host}, not on loopback: {who} has cluster-admin, over plain HTTP";
    }
}
