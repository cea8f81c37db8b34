using System.Text.RegularExpressions;

namespace Controller.Planning;

/// <summary>Image references: an image without tag or digest gets the target version as its tag.</summary>
public static partial class ImageReference
{
    public static string WithDefaultTag(string image, string latestVersion)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return image;
        }

        // A ':' after the last '/' is a tag; one before it is a registry port (registry:5000/k3s-upgrade).
        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        return colon >= 0 ? image : $"{image}:{latestVersion}";
    }

    /// <summary>The OCI distribution spec's tag grammar: a word character, then up to 127 of word, '.' and '-'.</summary>
    public static bool IsTag(string tag) => Tag().IsMatch(tag);

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}
