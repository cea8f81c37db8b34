using System.Text.RegularExpressions;

namespace Contracts.Versions;

/// <summary>
/// Image tags cannot carry <c>+</c>, so K3s and RKE2 publish <c>v1.24.6+k3s1</c> as the image tag
/// <c>v1.24.6-k3s1</c>. Plans keep the munged form in <c>status.latestVersion</c>.
/// </summary>
public static partial class VersionMunging
{
    /// <summary><c>v1.24.6+k3s1</c> → <c>v1.24.6-k3s1</c>.</summary>
    public static string Munge(string version) => version.Replace('+', '-');

    /// <summary>
    /// The reverse for K3s and RKE2 tags: the last <c>-k3sN</c> / <c>-rke2rN</c> becomes <c>+k3sN</c> /
    /// <c>+rke2rN</c> (<c>v1.27.0-rc1-k3s1</c> → <c>v1.27.0-rc1+k3s1</c>). Anything else is returned unchanged.
    /// </summary>
    public static string Unmunge(string version)
    {
        if (version.Contains('+', StringComparison.Ordinal))
        {
            return version;
        }

        var match = DistributionSuffix().Match(version);
        return match.Success ? string.Concat(version.AsSpan(0, match.Index), "+", match.Groups[1].Value) : version;
    }

    [GeneratedRegex(@"-((?:k3s|rke2r)[0-9]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex DistributionSuffix();
}
