using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TestSupport;

namespace Contracts.Tests.Versions;

/// <summary>The K3s release tags shipped in config/k3s-releases.json, and a plain-regex reading of each.</summary>
internal static partial class ReleaseData
{
    public static List<string> Tags()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.Config("k3s-releases.json")));
        return doc.RootElement.EnumerateArray().Select(r => r.GetProperty("tag_name").GetString()!).ToList();
    }

    public static ((int, int, int) Numbers, bool Prerelease, int? Build) Key(string tag)
    {
        var m = TagShape().Match(tag);
        Assert.True(m.Success, tag);
        int N(int g) => int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        int? build = m.Groups[5].Success ? N(5) : null;
        return ((N(1), N(2), N(3)), m.Groups[4].Success, build);
    }

    [GeneratedRegex(@"^v(\d+)\.(\d+)\.(\d+)(-[^+]+)?(?:\+[^+]*?(\d+)?)?$")]
    private static partial Regex TagShape();
}
