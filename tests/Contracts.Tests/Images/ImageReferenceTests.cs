using Contracts.Images;

namespace Contracts.Tests.Images;

public class ImageReferenceTests
{
    [Theory]
    [InlineData("rancher/k3s-upgrade:v1.2.3-k3s1", "rancher/k3s-upgrade", "v1.2.3-k3s1")]
    [InlineData("docker.io/rancher/k3s-upgrade", "docker.io/rancher/k3s-upgrade", null)]
    [InlineData("registry.local:5000/rancher/k3s-upgrade", "registry.local:5000/rancher/k3s-upgrade", null)]
    [InlineData("registry.local:5000/rancher/k3s-upgrade:v9", "registry.local:5000/rancher/k3s-upgrade", "v9")]
    [InlineData("rancher/k3s-upgrade@sha256:abcd", "rancher/k3s-upgrade", null)]
    [InlineData("rancher/k3s-upgrade:v1.2.3@sha256:abcd", "rancher/k3s-upgrade", "v1.2.3")]
    [InlineData("kubectl", "kubectl", null)]
    public void Splits_repository_and_tag_past_ports_and_digests(string image, string repository, string? tag)
    {
        Assert.Equal(repository, ImageReference.Repository(image));
        Assert.Equal(tag, ImageReference.Tag(image));
    }

    [Theory]
    [InlineData("v1.2.3-k3s1", true)]
    [InlineData("v1.2.3+k3s1", false)]
    [InlineData("-v1", false)]
    public void Tags_follow_the_distribution_grammar(string tag, bool valid) =>
        Assert.Equal(valid, ImageReference.IsTag(tag));
}
