using System.Text.RegularExpressions;

namespace Contracts.Images;

/// <summary>
/// Container image references (<c>registry:5000/rancher/k3s-upgrade:v1.2.3-k3s1@sha256:…</c>): their
/// repository, tag and digest. The controller writes them into Jobs and the Sandbox reads them back to
/// choose what a container does, so both parse them here.
/// </summary>
public static partial class ImageReference
{
    public static bool HasDigest(string image) => image.Contains('@', StringComparison.Ordinal);

    /// <summary><c>docker.io/rancher/k3s-upgrade:v1.2.3-k3s1</c> → <c>docker.io/rancher/k3s-upgrade</c>; a digest is dropped too.</summary>
    public static string Repository(string image)
    {
        var named = WithoutDigest(image);
        var colon = TagColon(named);
        return colon >= 0 ? named[..colon] : named;
    }

    /// <summary>The tag, or null when there is none (a digest is not a tag).</summary>
    public static string? Tag(string image)
    {
        var named = WithoutDigest(image);
        var colon = TagColon(named);
        return colon >= 0 ? named[(colon + 1)..] : null;
    }

    /// <summary>An image without tag or digest gets the target version as its tag.</summary>
    public static string WithDefaultTag(string image, string latestVersion) =>
        HasDigest(image) || TagColon(image) >= 0 ? image : $"{image}:{latestVersion}";

    /// <summary>The OCI distribution spec's tag grammar: a word character, then up to 127 of word, '.' and '-'.</summary>
    public static bool IsTag(string tag) => TagGrammar().IsMatch(tag);

    private static string WithoutDigest(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        return at >= 0 ? image[..at] : image;
    }

    // A ':' after the last '/' is a tag; one before it is a registry port (registry:5000/k3s-upgrade).
    private static int TagColon(string image)
    {
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? colon : -1;
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagGrammar();
}
