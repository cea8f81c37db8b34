using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Semver;

namespace Contracts.Versions;

/// <summary>
/// A release tag (<c>v1.33.6+k3s1</c>) read with the channel server's tolerant rules and ordered by
/// SemVer precedence, then by the trailing number of the build metadata (<c>k3s4</c> above <c>k3s3</c>).
/// The one version rule of the project: the channel resolver, the controller's gate and the
/// sandbox's upgrade image all compare through this type.
/// </summary>
public sealed class ReleaseVersion : IComparable<ReleaseVersion>, IEquatable<ReleaseVersion>
{
    private ReleaseVersion(string original, SemVersion semVersion)
    {
        Original = original;
        SemVersion = semVersion;
        Major = (int)semVersion.Major;
        Minor = (int)semVersion.Minor;
        Patch = (int)semVersion.Patch;
        BuildNumber = TrailingNumber(semVersion.Metadata);
    }

    /// <summary>The text as given, <c>v</c> included.</summary>
    public string Original { get; }

    /// <summary>The strict SemVer 2.0 value after the tolerant normalization.</summary>
    public SemVersion SemVersion { get; }

    public int Major { get; }
    public int Minor { get; }
    public int Patch { get; }
    public bool IsPrerelease => SemVersion.IsPrerelease;

    /// <summary>Trailing digits of the build metadata (<c>k3s4</c> → 4, <c>rke2r2</c> → 2); null when there are none.</summary>
    public long? BuildNumber { get; }

    /// <summary>The Kubernetes minor line, for example (1, 33).</summary>
    public (int Major, int Minor) KubernetesMinor => (Major, Minor);

    public static ReleaseVersion Parse(string text) =>
        TryParse(text, out var version, out var error)
            ? version
            : throw new FormatException(error);

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ReleaseVersion? version) =>
        TryParse(text, out version, out _);

    /// <summary>
    /// Tolerant parse: drop a leading <c>v</c>; fill <c>1.2</c> to <c>1.2.0</c> (a short version carrying
    /// <c>-</c> or <c>+</c> is invalid); strip leading zeros of the three numeric parts; then strict SemVer 2.0.
    /// </summary>
    public static bool TryParse(
        [NotNullWhen(true)] string? text,
        [NotNullWhen(true)] out ReleaseVersion? version,
        [NotNullWhen(false)] out string? error)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty version";
            return false;
        }

        var trimmed = text.Trim();
        var body = trimmed.StartsWith('v') ? trimmed[1..] : trimmed;
        var parts = body.Split('.', 3);
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = StripLeadingZeros(parts[i]);
        }

        if (parts.Length < 3)
        {
            if (parts[^1].AsSpan().IndexOfAny('-', '+') >= 0)
            {
                error = $"'{text}' is not a version: a short version cannot carry a pre-release or build part";
                return false;
            }

            parts = [.. parts, .. Enumerable.Repeat("0", 3 - parts.Length)];
        }

        if (!SemVersion.TryParse(string.Join('.', parts), SemVersionStyles.Strict, out var semVersion))
        {
            error = $"'{text}' is not a version (expected [v]MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD])";
            return false;
        }

        if (semVersion.Major > int.MaxValue || semVersion.Minor > int.MaxValue || semVersion.Patch > int.MaxValue)
        {
            error = $"'{text}' has a version number too large";
            return false;
        }

        version = new ReleaseVersion(text, semVersion);
        error = null;
        return true;
    }

    // "007" -> "7", "0" -> "0", "03-rc1" -> "3-rc1", "00-rc1" -> "0-rc1": only the leading digits of a part.
    private static string StripLeadingZeros(string part)
    {
        if (part.Length <= 1)
        {
            return part;
        }

        var stripped = part.TrimStart('0');
        return stripped.Length == 0 || !char.IsAsciiDigit(stripped[0]) ? "0" + stripped : stripped;
    }

    private static long? TrailingNumber(string metadata)
    {
        var end = metadata.Length;
        var start = end;
        while (start > 0 && char.IsAsciiDigit(metadata[start - 1]))
        {
            start--;
        }

        return start < end && long.TryParse(metadata.AsSpan(start, Math.Min(end - start, 18)), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;
    }

    /// <summary>SemVer precedence, then the higher trailing build number (none counts lowest).</summary>
    public int CompareTo(ReleaseVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byPrecedence = SemVersion.ComparePrecedenceTo(other.SemVersion);
        return byPrecedence != 0 ? byPrecedence : (BuildNumber ?? -1).CompareTo(other.BuildNumber ?? -1);
    }

    /// <summary>Same precedence and same build number: the same release for every purpose of ordering.</summary>
    public bool Equals(ReleaseVersion? other) => other is not null && CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is ReleaseVersion other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(SemVersion.WithoutMetadata().GetHashCode(), BuildNumber);

    public override string ToString() => Original;

    /// <summary>The highest version; of equal ones, the first in the sequence (GitHub lists newest first).</summary>
    public static ReleaseVersion? Highest(IEnumerable<ReleaseVersion> versions)
    {
        ReleaseVersion? best = null;
        foreach (var v in versions)
        {
            if (best is null || v.CompareTo(best) > 0)
            {
                best = v;
            }
        }

        return best;
    }

    public static bool operator <(ReleaseVersion left, ReleaseVersion right) => left.CompareTo(right) < 0;
    public static bool operator >(ReleaseVersion left, ReleaseVersion right) => left.CompareTo(right) > 0;
    public static bool operator <=(ReleaseVersion left, ReleaseVersion right) => left.CompareTo(right) <= 0;
    public static bool operator >=(ReleaseVersion left, ReleaseVersion right) => left.CompareTo(right) >= 0;
    public static bool operator ==(ReleaseVersion? left, ReleaseVersion? right) => left is null ? right is null : left.Equals(right);
    public static bool operator !=(ReleaseVersion? left, ReleaseVersion? right) => !(left == right);
}
