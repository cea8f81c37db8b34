using Contracts.Versions;

namespace Contracts.Tests.Versions;

public class ReleaseVersionOrderingTests
{
    // Each row: lower, higher.
    [Theory]
    [InlineData("v1.25.16+k3s3", "v1.25.16+k3s4")]
    [InlineData("v1.30.2+rke2r1", "v1.30.2+rke2r2")]
    [InlineData("v1.22.17+k3s", "v1.22.17+k3s1")]
    [InlineData("v1.2.3", "v1.2.3+k3s1")]
    [InlineData("v1.28.15+k3s1", "v1.29.0+k3s1")]
    [InlineData("v1.9.0", "v1.10.0")]
    [InlineData("v1.2.9", "v1.2.10")]
    [InlineData("v1.32.4-rc1+k3s1", "v1.32.4+k3s1")]
    [InlineData("v1.32.4-rc10+k3s1", "v1.32.4-rc2+k3s1")]
    [InlineData("v1.21.4-engine0+k3s1", "v1.21.4+k3s1")]
    [InlineData("v1.17.2-k3s1", "v1.17.2+k3s1")]
    [InlineData("1.0.0-alpha", "1.0.0-alpha.1")]
    [InlineData("1.0.0-alpha.1", "1.0.0-alpha.beta")]
    [InlineData("1.0.0-alpha.beta", "1.0.0-beta")]
    [InlineData("1.0.0-beta", "1.0.0-beta.2")]
    [InlineData("1.0.0-beta.2", "1.0.0-beta.11")]
    [InlineData("1.0.0-beta.11", "1.0.0-rc.1")]
    [InlineData("1.0.0-rc.1", "1.0.0")]
    [InlineData("1.0.0-RC1", "1.0.0-rc1")]
    [InlineData("v1.17.0+k3s.1", "v1.17.1+k3s1")]
    public void Orders_by_precedence_then_build_number(string lower, string higher)
    {
        var a = ReleaseVersion.Parse(lower);
        var b = ReleaseVersion.Parse(higher);
        Assert.True(a.CompareTo(b) < 0, $"{lower} should be below {higher}");
        Assert.True(b.CompareTo(a) > 0, $"{higher} should be above {lower}");
        Assert.True(a < b);
        Assert.True(b > a);
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData("v1.2.3+k3s1", "1.2.3+build.k3s1")]
    [InlineData("v01.2.3", "1.2.3")]
    [InlineData("v1.2.3+abc", "v1.2.3+xyz")]
    public void Same_precedence_and_build_number_compare_equal(string a, string b)
    {
        var x = ReleaseVersion.Parse(a);
        var y = ReleaseVersion.Parse(b);
        Assert.Equal(0, x.CompareTo(y));
        Assert.Equal(x, y);
        Assert.Equal(x.GetHashCode(), y.GetHashCode());
    }

    [Fact]
    public void Highest_keeps_the_first_listed_of_equal_versions()
    {
        var listed = new[] { "v1.2.3+abc", "v1.2.3+xyz", "v1.2.2+k3s9" }.Select(ReleaseVersion.Parse).ToList();
        Assert.Equal("v1.2.3+abc", ReleaseVersion.Highest(listed)!.Original);
        Assert.Null(ReleaseVersion.Highest([]));
    }

    [Fact]
    public void Every_tag_of_the_K3s_release_data_parses()
    {
        var tags = ReleaseData.Tags();
        Assert.Equal(826, tags.Count);
        var unparsed = tags.Where(t => !ReleaseVersion.TryParse(t, out _)).ToList();
        Assert.Empty(unparsed);
    }

    [Fact]
    public void Sorting_the_K3s_release_data_agrees_with_the_numbers_in_the_tags()
    {
        // An independent reading of each tag: numbers by regex, "is a pre-release" by the text before '+'.
        var sorted = ReleaseData.Tags().Select(ReleaseVersion.Parse).Order().ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            var (prev, next) = (ReleaseData.Key(sorted[i - 1].Original), ReleaseData.Key(sorted[i].Original));
            Assert.True(prev.Numbers.CompareTo(next.Numbers) <= 0, $"{sorted[i - 1]} sorted before {sorted[i]}");
            if (prev.Numbers == next.Numbers && !prev.Prerelease)
            {
                Assert.False(next.Prerelease, $"pre-release {sorted[i]} sorted after release {sorted[i - 1]}");
                Assert.True((prev.Build ?? -1) <= (next.Build ?? -1), $"{sorted[i - 1]} sorted before {sorted[i]}");
            }
        }

        Assert.Equal("v1.35.0+k3s1", sorted[^1].Original);
        Assert.Equal("v1.35.0-rc1+k3s1", sorted.Last(v => v.IsPrerelease).Original);
    }

    [Theory]
    [InlineData("v1.25.", "v1.25.16+k3s4")]
    [InlineData("v1.22.", "v1.22.17+k3s1")]
    [InlineData("v1.17.", "v1.17.17+k3s1")]
    [InlineData("v1.28.", "v1.28.15+k3s1")]
    public void Highest_release_of_a_minor_line_in_the_K3s_data(string prefix, string expected)
    {
        var line = ReleaseData.Tags()
            .Where(t => t.StartsWith(prefix, StringComparison.Ordinal))
            .Select(ReleaseVersion.Parse)
            .Where(v => !v.IsPrerelease);
        Assert.Equal(expected, ReleaseVersion.Highest(line)!.Original);
    }
}
