using Contracts.Versions;

namespace Contracts.Tests.Versions;

public class ReleaseVersionParsingTests
{
    [Theory]
    [InlineData("v1.33.6+k3s1", "1.33.6+k3s1")]
    [InlineData("v1.17.0+k3s.1", "1.17.0+k3s.1")]
    [InlineData("v1.21.4-engine0+k3s1", "1.21.4-engine0+k3s1")]
    [InlineData("v1.23.12+rk3s1", "1.23.12+rk3s1")]
    [InlineData("v1.22.17+k3s", "1.22.17+k3s")]
    [InlineData("v1.17.2-k3s1", "1.17.2-k3s1")]
    [InlineData("1.2", "1.2.0")]
    [InlineData("v1", "1.0.0")]
    [InlineData("v01.02.03", "1.2.3")]
    [InlineData("v1.2.03-rc1", "1.2.3-rc1")]
    [InlineData("v1.0.00", "1.0.0")]
    [InlineData(" v1.2.3 ", "1.2.3")]
    [InlineData("v1.30.0-rc.1+rke2r1", "1.30.0-rc.1+rke2r1")]
    public void Tolerant_forms_parse_to_strict_semver(string tag, string expected)
    {
        Assert.True(ReleaseVersion.TryParse(tag, out var version));
        Assert.Equal(expected, version.SemVersion.ToString());
        Assert.Equal(tag, version.Original);
    }

    [Theory]
    [InlineData("v1.2-rc1")]
    [InlineData("1.2+k3s1")]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("v")]
    [InlineData("vv1.2.3")]
    [InlineData("V1.2.3")]
    [InlineData("1.2.3.4")]
    [InlineData("1.2.3-")]
    [InlineData("1.2.3+")]
    [InlineData("1.2.3-rc..1")]
    [InlineData("1.2.3-01")]
    [InlineData("latest")]
    [InlineData("v1.2.x")]
    [InlineData("v99999999999.0.0")]
    public void Non_versions_do_not_parse(string? tag)
    {
        Assert.False(ReleaseVersion.TryParse(tag, out var version, out var error));
        Assert.Null(version);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Parse_throws_a_format_error_naming_the_text()
    {
        var ex = Assert.Throws<FormatException>(() => ReleaseVersion.Parse("v1.2-rc1"));
        Assert.Contains("v1.2-rc1", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1.25.16+k3s4", 4L)]
    [InlineData("v1.30.2+rke2r2", 2L)]
    [InlineData("v1.17.0+k3s.1", 1L)]
    [InlineData("v1.22.17+k3s", null)]
    [InlineData("v1.22.17", null)]
    public void Build_number_is_the_trailing_number_of_the_build_metadata(string tag, long? expected) =>
        Assert.Equal(expected, ReleaseVersion.Parse(tag).BuildNumber);

    [Fact]
    public void Numeric_parts_and_minor_line_are_exposed()
    {
        var v = ReleaseVersion.Parse("v1.33.6-rc2+k3s1");
        Assert.Equal((1, 33, 6), (v.Major, v.Minor, v.Patch));
        Assert.Equal((1, 33), v.KubernetesMinor);
        Assert.True(v.IsPrerelease);
    }
}
