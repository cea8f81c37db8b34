using Contracts.Versions;

namespace Contracts.Tests.Versions;

public class VersionSkewTests
{
    [Theory]
    [InlineData("v1.27.4+k3s1", "v1.27.4+k3s1", VersionStep.Same)]
    [InlineData("v1.27.4+k3s1", "v1.27.5+k3s1", VersionStep.Patch)]
    [InlineData("v1.25.16+k3s3", "v1.25.16+k3s4", VersionStep.Patch)]
    [InlineData("v1.32.3+k3s1", "v1.33.0+k3s1", VersionStep.NextMinor)]
    [InlineData("v1.32.3+k3s1", "v1.33.0-rc1+k3s1", VersionStep.NextMinor)]
    [InlineData("v1.30.5+k3s1", "v1.32.3+k3s1", VersionStep.MinorSkip)]
    [InlineData("v1.32.3+k3s1", "v2.0.0+k3s1", VersionStep.MinorSkip)]
    [InlineData("v1.27.4+k3s1", "v1.26.7+k3s1", VersionStep.Downgrade)]
    [InlineData("v1.27.4+k3s2", "v1.27.4+k3s1", VersionStep.Downgrade)]
    [InlineData("v1.27.4+k3s1", "v1.27.4-rc1+k3s1", VersionStep.Downgrade)]
    public void Classifies_a_move_from_current_to_target(string current, string target, VersionStep expected) =>
        Assert.Equal(expected, VersionSkew.Classify(ReleaseVersion.Parse(current), ReleaseVersion.Parse(target)));

    [Theory]
    [InlineData(VersionStep.Same, true)]
    [InlineData(VersionStep.Patch, true)]
    [InlineData(VersionStep.NextMinor, true)]
    [InlineData(VersionStep.MinorSkip, false)]
    [InlineData(VersionStep.Downgrade, false)]
    public void Only_downgrades_and_skips_are_refused(VersionStep step, bool allowed) =>
        Assert.Equal(allowed, VersionSkew.IsAllowed(step));
}
