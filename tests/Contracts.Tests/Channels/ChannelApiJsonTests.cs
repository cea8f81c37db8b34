using System.Text;
using System.Text.Json.Nodes;
using Contracts.Channels;

namespace Contracts.Tests.Channels;

public class ChannelApiJsonTests
{
    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    [Fact]
    public void Channel_collection_matches_the_reference_bytes()
    {
        var collection = new ApiCollection<ChannelResource>(
            "http://host/v1-release/channels",
            ResourceTypes.Channels,
            [
                new ChannelResource("http://host/v1-release/channels/stable", "stable", "v1.33.6+k3s1", null, null),
                new ChannelResource("http://host/v1-release/channels/v1.16-testing", "v1.16-testing", null, "v1\\.16\\.[0-9]*-(alpha|beta|rc)", ""),
            ]);

        const string expected =
            "{\"type\":\"collection\",\"links\":{\"self\":\"http://host/v1-release/channels\"},\"actions\":{},\"resourceType\":\"channels\","
            + "\"data\":[{\"id\":\"stable\",\"type\":\"channel\",\"links\":{\"self\":\"http://host/v1-release/channels/stable\"},\"name\":\"stable\",\"latest\":\"v1.33.6+k3s1\"},"
            + "{\"id\":\"v1.16-testing\",\"type\":\"channel\",\"links\":{\"self\":\"http://host/v1-release/channels/v1.16-testing\"},\"name\":\"v1.16-testing\",\"latestRegexp\":\"v1\\\\.16\\\\.[0-9]*-(alpha|beta|rc)\"}]}\n";
        Assert.Equal(expected, Text(ChannelApiJson.Serialize(collection)));
    }

    [Fact]
    public void Channel_with_every_field_keeps_the_field_order()
    {
        var collection = new ApiCollection<ChannelResource>("http://h/p/channels", ResourceTypes.Channels,
            [new ChannelResource("http://h/p/channels/latest", "latest", "v1.31.4+k3s1", ".*", "^[^+]+-")]);
        Assert.Equal(
            "{\"type\":\"collection\",\"links\":{\"self\":\"http://h/p/channels\"},\"actions\":{},\"resourceType\":\"channels\",\"data\":["
            + "{\"id\":\"latest\",\"type\":\"channel\",\"links\":{\"self\":\"http://h/p/channels/latest\"},\"name\":\"latest\",\"latest\":\"v1.31.4+k3s1\",\"latestRegexp\":\".*\",\"excludeRegexp\":\"^[^+]+-\"}]}\n",
            Text(ChannelApiJson.Serialize(collection)));
    }

    [Fact]
    public void Empty_collection_serializes_data_as_an_empty_list_never_null()
    {
        var releases = new ApiCollection<ReleaseResource>("http://h/v1-release/releases", ResourceTypes.Releases, []);
        Assert.Equal(
            "{\"type\":\"collection\",\"links\":{\"self\":\"http://h/v1-release/releases\"},\"actions\":{},\"resourceType\":\"releases\",\"data\":[]}\n",
            Text(ChannelApiJson.Serialize(releases)));
    }

    [Fact]
    public void Release_maps_come_out_with_sorted_keys_and_empty_fields_omitted()
    {
        var release = new ReleaseInfo
        {
            Version = "v1.21.4+k3s1",
            MinChannelServerVersion = "v2.6.0-alpha1",
            MaxChannelServerVersion = "",
            ServerArgs = new Dictionary<string, ReleaseArgument>
            {
                ["tls-san"] = new() { Type = "array", Nullable = true },
                ["cni"] = new() { Type = "string", Default = JsonValue.Create("canal"), Options = ["canal", "calico"], Create = true },
            },
            AgentArgs = new Dictionary<string, ReleaseArgument>(),
            FeatureVersions = new Dictionary<string, string> { ["z"] = "2", ["a"] = "1" },
            Charts = new Dictionary<string, ReleaseChart> { ["rke2-canal"] = new() { Repo = "rancher-rke2-charts", Version = "v3.19.1" } },
        };
        var collection = new ApiCollection<ReleaseResource>("http://h/v1-release/releases", ResourceTypes.Releases,
            [new ReleaseResource("http://h/v1-release/releases/v1.21.4+k3s1", release)]);

        Assert.Equal(
            "{\"type\":\"collection\",\"links\":{\"self\":\"http://h/v1-release/releases\"},\"actions\":{},\"resourceType\":\"releases\",\"data\":["
            + "{\"id\":\"v1.21.4+k3s1\",\"type\":\"release\",\"links\":{\"self\":\"http://h/v1-release/releases/v1.21.4+k3s1\"},"
            + "\"version\":\"v1.21.4+k3s1\",\"minChannelServerVersion\":\"v2.6.0-alpha1\","
            + "\"serverArgs\":{\"cni\":{\"type\":\"string\",\"default\":\"canal\",\"create\":true,\"options\":[\"canal\",\"calico\"]},\"tls-san\":{\"type\":\"array\",\"nullable\":true}},"
            + "\"featureVersions\":{\"a\":\"1\",\"z\":\"2\"},"
            + "\"charts\":{\"rke2-canal\":{\"repo\":\"rancher-rke2-charts\",\"version\":\"v3.19.1\"}}}]}\n",
            Text(ChannelApiJson.Serialize(collection)));
    }

    [Fact]
    public void AppDefault_items_have_type_appDefault_and_plural_resource_type()
    {
        var collection = new ApiCollection<AppDefaultResource>("http://h/v1-release/appdefaults", ResourceTypes.AppDefaults,
            [new AppDefaultResource("http://h/v1-release/appdefaults/rancher", "rancher",
                [new AppDefaultVersion { AppVersion = ">= 2.6.0-0 < 2.6.5-0", DefaultVersion = "1.22.x" }])]);
        Assert.Equal(
            "{\"type\":\"collection\",\"links\":{\"self\":\"http://h/v1-release/appdefaults\"},\"actions\":{},\"resourceType\":\"appdefaults\",\"data\":["
            + "{\"id\":\"rancher\",\"type\":\"appDefault\",\"links\":{\"self\":\"http://h/v1-release/appdefaults/rancher\"},\"appName\":\"rancher\","
            + "\"defaults\":[{\"appVersion\":\"\\u003e= 2.6.0-0 \\u003c 2.6.5-0\",\"defaultVersion\":\"1.22.x\"}]}]}\n",
            Text(ChannelApiJson.Serialize(collection)));
    }

    [Fact]
    public void Error_has_empty_links_then_code_message_status()
    {
        Assert.Equal(
            "{\"type\":\"error\",\"links\":{},\"code\":\"NotFound\",\"message\":\"channel not found\",\"status\":404}\n",
            Text(ChannelApiJson.Serialize(ApiError.NotFound("channel not found"))));
        Assert.Equal(
            "{\"type\":\"error\",\"links\":{},\"code\":\"PermissionDenied\",\"message\":\"Method POST not supported\",\"status\":403}\n",
            Text(ChannelApiJson.Serialize(ApiError.MethodNotSupported("POST"))));
    }

    [Fact]
    public void ApiRoot_links_are_sorted_like_a_go_map()
    {
        Assert.Equal(
            "{\"id\":\"v1-release\",\"type\":\"apiRoot\",\"links\":{\"appDefaults\":\"http://h/v1-release/appdefaults\",\"channels\":\"http://h/v1-release/channels\","
            + "\"releases\":\"http://h/v1-release/releases\",\"self\":\"http://h/v1-release\"}}\n",
            Text(ChannelApiJson.Serialize(new ApiRoot("http://h", "v1-release"))));
    }

    [Fact]
    public void Plus_and_unicode_stay_literal_while_html_characters_are_escaped_as_go_does()
    {
        var json = Text(ChannelApiJson.Serialize(ApiError.NotFound("v1.2.3+k3s1 ü <a&b>")));
        Assert.Contains("\"message\":\"v1.2.3+k3s1 ü \\u003ca\\u0026b\\u003e\"", json);
    }

    [Theory]
    [InlineData("channels", "channels")]
    [InlineData("Channel", "channels")]
    [InlineData("RELEASE", "releases")]
    [InlineData("appDefaults", "appdefaults")]
    [InlineData("appdefault", "appdefaults")]
    [InlineData("settings", null)]
    [InlineData("", null)]
    public void Resource_types_resolve_case_insensitively_singular_or_plural(string segment, string? expected) =>
        Assert.Equal(expected, ResourceTypes.Normalize(segment));
}
