using Contracts.Versions;

namespace Contracts.Tests.Versions;

public class VersionMungingTests
{
    [Theory]
    [InlineData("v1.24.6+k3s1", "v1.24.6-k3s1")]
    [InlineData("v1.27.0-rc1+k3s1", "v1.27.0-rc1-k3s1")]
    [InlineData("v1.30.2+rke2r1", "v1.30.2-rke2r1")]
    [InlineData("v1.2.3", "v1.2.3")]
    public void Munge_replaces_plus_with_minus(string version, string munged) =>
        Assert.Equal(munged, VersionMunging.Munge(version));

    [Theory]
    [InlineData("v1.24.6-k3s1", "v1.24.6+k3s1")]
    [InlineData("v1.27.0-rc1-k3s1", "v1.27.0-rc1+k3s1")]
    [InlineData("v1.30.2-rke2r2", "v1.30.2+rke2r2")]
    [InlineData("v1.24.6+k3s1", "v1.24.6+k3s1")]
    [InlineData("v1.2.3-rc1", "v1.2.3-rc1")]
    [InlineData("v1.2.3", "v1.2.3")]
    [InlineData("latest", "latest")]
    [InlineData("v1.23.12-rk3s1", "v1.23.12-rk3s1")]
    public void Unmunge_restores_the_k3s_and_rke2_build_part(string munged, string version) =>
        Assert.Equal(version, VersionMunging.Unmunge(munged));

    [Fact]
    public void Every_K3s_release_round_trips_through_munging()
    {
        var tags = ReleaseData.Tags().Where(t => System.Text.RegularExpressions.Regex.IsMatch(t, @"\+k3s[0-9]+$")).ToList();
        Assert.True(tags.Count > 700);
        foreach (var tag in tags)
        {
            Assert.Equal(tag, VersionMunging.Unmunge(VersionMunging.Munge(tag)));
        }
    }
}
