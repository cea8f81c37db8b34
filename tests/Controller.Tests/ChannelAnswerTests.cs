using System.Net;
using Contracts.Plans;
using Controller.Planning;
using k8s.Models;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

public class ChannelAnswerTests
{
    private static readonly Uri Channel = new("https://update.k3s.io/v1-release/channels/stable");
    private static readonly Uri Pinned = new("https://update.k3s.io/v1-release/channels/v1.31.2+k3s1");

    [Fact]
    public void Found_reads_the_last_segment_of_location() =>
        Assert.Equal("v1.31.2+k3s1", ChannelAnswer.FromResponse(Channel, HttpStatusCode.Found, "https://github.com/k3s-io/k3s/releases/tag/v1.31.2+k3s1").Version);

    [Fact]
    public void Relative_location_resolves_against_the_channel() =>
        Assert.Equal("v1.30.5+k3s1", ChannelAnswer.FromResponse(Channel, HttpStatusCode.Found, "/releases/tag/v1.30.5+k3s1").Version);

    [Theory]
    [InlineData(HttpStatusCode.OK)]
    [InlineData(HttpStatusCode.MovedPermanently)]
    [InlineData(HttpStatusCode.NoContent)]
    public void Other_success_codes_read_the_channel_url(HttpStatusCode code) =>
        Assert.Equal("v1.31.2+k3s1", ChannelAnswer.FromResponse(Pinned, code, "https://elsewhere/v9").Version);

    [Fact]
    public void A_channel_that_names_no_version_fails()
    {
        Assert.False(ChannelAnswer.FromResponse(Channel, HttpStatusCode.OK, null).Succeeded);
        Assert.False(ChannelAnswer.FromResponse(Channel, HttpStatusCode.Found, "/releases/tag/latest-and-greatest").Succeeded);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public void Error_codes_fail(HttpStatusCode code)
    {
        var answer = ChannelAnswer.FromResponse(Channel, code, null);
        Assert.False(answer.Succeeded);
        Assert.Contains(((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Error);
    }

    [Fact]
    public void Found_without_location_fails() => Assert.False(ChannelAnswer.FromResponse(Channel, HttpStatusCode.Found, null).Succeeded);
}
