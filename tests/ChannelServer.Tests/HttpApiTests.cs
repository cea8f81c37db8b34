using System.Net;
using System.Text;
using ChannelServer.Tests.Infrastructure;
using TestSupport;

namespace ChannelServer.Tests;

/// <summary>Every row of the HTTP table of the spec, against a server reading a small config and snapshot.</summary>
public sealed class HttpApiTests : IAsyncLifetime
{
    internal const string Config = """
        channels:
        - name: stable
          latest: v1.33.6+k3s1
        - name: latest
          latestRegexp: .*
          excludeRegexp: ^[^+]+-
        - name: v1.16-testing
          latestRegexp: v1\.16\.[0-9]*-(alpha|beta|rc)
        - name: Odd<&>
          latest: v1.2.3+k3s1
        github:
          owner: k3s-io
          repo: k3s
        redirectBase: https://github.com/k3s-io/k3s/releases/tag/
        releases:
        - version: v1.21.4+k3s1
          minChannelServerVersion: v2.6.0-alpha1
          maxChannelServerVersion: v2.6.4
          featureVersions:
            encryption-key-rotation: 2.0.0
        appDefaults:
        - appName: rancher
          defaults:
          - appVersion: '>= 2.6.0-0 < 2.6.5-0'
            defaultVersion: 1.22.x
        """;

    internal const string Snapshot = """
        [
          {"tag_name": "v1.34.0-rc1+k3s1", "prerelease": true, "draft": false, "published_at": "2025-01-03T00:00:00Z"},
          {"tag_name": "v1.33.7+k3s1", "prerelease": false, "draft": false, "published_at": "2025-01-02T00:00:00Z"},
          {"tag_name": "v1.33.7-rc1+k3s1", "prerelease": true, "draft": false, "published_at": "2025-01-01T00:00:00Z"},
          {"tag_name": "v1.16.0-rc1+k3s1", "prerelease": true, "draft": false, "published_at": "2019-01-01T00:00:00Z"}
        ]
        """;

    private TempDir _dir = null!;
    private TestChannelServer _server = null!;

    private HttpClient Http => _server.Http;

    public async Task InitializeAsync()
    {
        _dir = new TempDir();
        _server = await TestChannelServer.StartAsync([
            "--url", _dir.File("channels.yaml", Config),
            "--releases-file", _dir.File("releases.json", Snapshot),
        ]);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private string Host => $"{_server.Url.Host}:{_server.Url.Port}";

    [Fact]
    public async Task Channels_collection_is_the_exact_reference_json()
    {
        using var response = await Http.GetAsync("/v1-release/channels");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.ToString());
        var self = $"http://{Host}/v1-release/channels";
        var expected =
            $"{{\"type\":\"collection\",\"links\":{{\"self\":\"{self}\"}},\"actions\":{{}},\"resourceType\":\"channels\",\"data\":["
            + $"{{\"id\":\"stable\",\"type\":\"channel\",\"links\":{{\"self\":\"{self}/stable\"}},\"name\":\"stable\",\"latest\":\"v1.33.6+k3s1\"}},"
            + $"{{\"id\":\"latest\",\"type\":\"channel\",\"links\":{{\"self\":\"{self}/latest\"}},\"name\":\"latest\",\"latest\":\"v1.33.7+k3s1\",\"latestRegexp\":\".*\",\"excludeRegexp\":\"^[^+]+-\"}},"
            + $"{{\"id\":\"v1.16-testing\",\"type\":\"channel\",\"links\":{{\"self\":\"{self}/v1.16-testing\"}},\"name\":\"v1.16-testing\",\"latestRegexp\":\"v1\\\\.16\\\\.[0-9]*-(alpha|beta|rc)\"}},"
            + $"{{\"id\":\"Odd\\u003c\\u0026\\u003e\",\"type\":\"channel\",\"links\":{{\"self\":\"{self}/Odd\\u003c\\u0026\\u003e\"}},\"name\":\"Odd\\u003c\\u0026\\u003e\",\"latest\":\"v1.2.3+k3s1\"}}"
            + "]}\n";
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_channel_with_a_version_answers_302_with_the_exact_body_and_headers()
    {
        using var response = await Http.GetAsync("/v1-release/channels/stable");
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("https://github.com/k3s-io/k3s/releases/tag/v1.33.6+k3s1", response.Headers.Location!.OriginalString);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(
            "<a href=\"https://github.com/k3s-io/k3s/releases/tag/v1.33.6+k3s1\">Found</a>.\n\n",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_redirect_body_escapes_the_url_as_html()
    {
        using var response = await Http.GetAsync("/v1-release/channels/Odd%3C%26%3E");
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("<a href=\"https://github.com/k3s-io/k3s/releases/tag/v1.2.3+k3s1\">Found</a>.\n\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Regexp_channel_skips_prereleases_and_redirects_to_the_highest_release()
    {
        Assert.Equal("https://github.com/k3s-io/k3s/releases/tag/v1.33.7+k3s1", await _server.GetLocationAsync("/v1-release/channels/latest"));
    }

    [Theory]
    [InlineData("/v1-release/channels/nope", "channel \"nope\" not found")]
    [InlineData("/v1-release/channels/STABLE", "channel \"STABLE\" not found")] // names are case-sensitive
    [InlineData("/v1-release/channels/v1.16-testing", "channel \"v1.16-testing\" has no version")]
    public async Task Unknown_channel_or_channel_without_version_is_a_404_json_error(string path, string message)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(
            $"{{\"type\":\"error\",\"links\":{{}},\"code\":\"NotFound\",\"message\":\"{message.Replace("\"", "\\\"", StringComparison.Ordinal)}\",\"status\":404}}\n",
            await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/v1-release/channels/stable")]
    [InlineData("/v1-release/channels/nope")]
    [InlineData("/v1-release/channels")]
    [InlineData("/v1-release/releases/v1.21.4+k3s1")]
    [InlineData("/v1-release")]
    [InlineData("/")]
    public async Task Head_answers_the_status_and_headers_of_get_without_a_body(string path)
    {
        using var get = await Http.GetAsync(path);
        var getBody = await get.Content.ReadAsByteArrayAsync();
        using var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Headers.Location, head.Headers.Location);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Equal(getBody.Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("channels")]
    [InlineData("channel")]
    [InlineData("CHANNELS")]
    [InlineData("Channel")]
    public async Task Channel_type_is_case_insensitive_singular_or_plural(string type)
    {
        Assert.Equal("https://github.com/k3s-io/k3s/releases/tag/v1.33.6+k3s1", await _server.GetLocationAsync($"/v1-release/{type}/stable"));
        var collection = await _server.GetJsonAsync($"/v1-release/{type}");
        Assert.Equal("channels", collection.GetProperty("resourceType").GetString());
    }

    [Theory]
    [InlineData("releases")]
    [InlineData("release")]
    [InlineData("Releases")]
    public async Task Releases_collection_serves_the_config_entries(string type)
    {
        using var response = await Http.GetAsync($"/v1-release/{type}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var self = $"http://{Host}/v1-release/releases";
        Assert.Equal(
            $"{{\"type\":\"collection\",\"links\":{{\"self\":\"{self}\"}},\"actions\":{{}},\"resourceType\":\"releases\",\"data\":["
            + $"{{\"id\":\"v1.21.4+k3s1\",\"type\":\"release\",\"links\":{{\"self\":\"{self}/v1.21.4+k3s1\"}},\"version\":\"v1.21.4+k3s1\","
            + "\"minChannelServerVersion\":\"v2.6.0-alpha1\",\"maxChannelServerVersion\":\"v2.6.4\",\"featureVersions\":{\"encryption-key-rotation\":\"2.0.0\"}}]}\n",
            await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("appdefaults")]
    [InlineData("appDefaults")]
    [InlineData("appdefault")]
    [InlineData("AppDefault")]
    public async Task AppDefaults_collection_serves_the_config_entries(string type)
    {
        using var response = await Http.GetAsync($"/v1-release/{type}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var self = $"http://{Host}/v1-release/appdefaults";
        Assert.Equal(
            $"{{\"type\":\"collection\",\"links\":{{\"self\":\"{self}\"}},\"actions\":{{}},\"resourceType\":\"appdefaults\",\"data\":["
            + $"{{\"id\":\"rancher\",\"type\":\"appDefault\",\"links\":{{\"self\":\"{self}/rancher\"}},\"appName\":\"rancher\","
            + "\"defaults\":[{\"appVersion\":\"\\u003e= 2.6.0-0 \\u003c 2.6.5-0\",\"defaultVersion\":\"1.22.x\"}]}]}\n",
            await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", "/v1-release/releases/v1.21.4+k3s1")]
    [InlineData("GET", "/v1-release/appdefaults/rancher")]
    [InlineData("POST", "/v1-release/channels")]
    [InlineData("PUT", "/v1-release/channels/stable")]
    [InlineData("PATCH", "/v1-release/releases")]
    [InlineData("DELETE", "/v1-release/appdefaults/rancher")]
    [InlineData("DELETE", "/v1-release/channels/stable")]
    public async Task Unsupported_methods_on_known_types_are_403_permission_denied(string method, string path)
    {
        using var response = await Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}") });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(
            $"{{\"type\":\"error\",\"links\":{{}},\"code\":\"PermissionDenied\",\"message\":\"Method {method} not supported\",\"status\":403}}\n",
            await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/v1-release/settings")]
    [InlineData("/v1-release/settings/x")]
    [InlineData("/v1-release/channels/")]
    [InlineData("/v1-release/channels/stable/")]
    [InlineData("/v1-release/")]
    [InlineData("/v1-release/channels/stable/extra")]
    [InlineData("/v1-release//channels")]
    [InlineData("/v2-release/channels/stable")]
    public async Task Unknown_types_trailing_slashes_and_extra_segments_are_a_bare_404(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Root_lists_one_api_root_per_prefix()
    {
        using var response = await Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var root = $"http://{Host}/v1-release";
        Assert.Equal(
            $"{{\"type\":\"collection\",\"links\":{{\"self\":\"http://{Host}/\"}},\"actions\":{{}},\"resourceType\":\"apiRoots\",\"data\":["
            + $"{{\"id\":\"v1-release\",\"type\":\"apiRoot\",\"links\":{{\"appDefaults\":\"{root}/appdefaults\",\"channels\":\"{root}/channels\",\"releases\":\"{root}/releases\",\"self\":\"{root}\"}}}}]}}\n",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Prefix_answers_its_api_root()
    {
        var root = $"http://{Host}/v1-release";
        Assert.Equal(
            $"{{\"id\":\"v1-release\",\"type\":\"apiRoot\",\"links\":{{\"appDefaults\":\"{root}/appdefaults\",\"channels\":\"{root}/channels\",\"releases\":\"{root}/releases\",\"self\":\"{root}\"}}}}\n",
            await Http.GetStringAsync("/v1-release"));
    }

    [Fact]
    public async Task Self_links_follow_x_api_host_then_forwarded_headers_and_the_url_prefix()
    {
        async Task<string> SelfOf(params (string Name, string Value)[] headers)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1-release/channels");
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await Http.SendAsync(request);
            using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.GetProperty("links").GetProperty("self").GetString()!;
        }

        Assert.Equal($"http://{Host}/v1-release/channels", await SelfOf());
        Assert.Equal("https://update.example.com/v1-release/channels",
            await SelfOf(("X-Forwarded-Host", "update.example.com, proxy.internal"), ("X-Forwarded-Proto", "https")));
        Assert.Equal("http://api.example.com/v1-release/channels",
            await SelfOf(("X-API-Host", "api.example.com"), ("X-Forwarded-Host", "update.example.com")));
        Assert.Equal("https://update.example.com/mirror/k3s/v1-release/channels",
            await SelfOf(("X-Forwarded-Host", "update.example.com"), ("X-Forwarded-Proto", "https"), ("X-API-URL-Prefix", "/mirror/k3s")));
    }

    [Fact]
    public async Task Suc_headers_change_nothing_in_the_answer_and_are_recorded_in_the_access_log()
    {
        using var plain = await Http.GetAsync("/v1-release/channels/latest");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1-release/channels/latest");
        request.Headers.Add("X-SUC-Cluster-ID", "cluster-0123");
        request.Headers.Add("X-SUC-Latest-Version", "v1.33.1+k3s1");
        using var tagged = await Http.SendAsync(request);

        Assert.Equal(plain.StatusCode, tagged.StatusCode);
        Assert.Equal(plain.Headers.Location, tagged.Headers.Location);
        Assert.Equal(await plain.Content.ReadAsStringAsync(), await tagged.Content.ReadAsStringAsync());
        await Eventually.UntilAsync(
            () => _server.Logs.Entries.Any(e => e.Category == "ChannelServer.AccessLog"
                                                && e.Message.Contains("cluster=cluster-0123", StringComparison.Ordinal)
                                                && e.Message.Contains("latest=v1.33.1+k3s1", StringComparison.Ordinal)),
            "the access log recorded the cluster id and latest version");
    }

    [Fact]
    public async Task Html_is_served_only_to_clients_that_ask_for_it()
    {
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/v1-release/channels");
        browser.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        using var page = await Http.SendAsync(browser);
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType!.ToString());
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<table>", html);
        Assert.Contains("v1.33.7+k3s1", html);

        foreach (var accept in new[] { null, "*/*", "application/json" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1-release/channels");
            if (accept is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept", accept);
            }

            using var response = await Http.SendAsync(request);
            Assert.Equal("application/json", response.Content.Headers.ContentType!.ToString());
        }
    }

    [Theory]
    [InlineData("/v1-release/channels/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/v1-release/channels/%2e%2e")]
    [InlineData("/v1-release/channels/%F0%9F%92%A9")]
    [InlineData("/v1-release/channels/%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("/v1-release/channels/a%20b%0D%0AX-Injected:%201")]
    [InlineData("/v1-release/channels/%ZZ")]
    public async Task Odd_channel_names_are_a_404_and_nothing_else(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Injected"));
        Assert.Null(response.Headers.Location);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("root:", body);
        Assert.DoesNotContain("<script>", body);
    }

    [Fact]
    public async Task A_nul_byte_in_the_path_is_refused_by_kestrel_before_the_api_with_a_bare_400()
    {
        using var response = await Http.GetAsync("/v1-release/channels/stable%00");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/../../etc/passwd")]
    [InlineData("/v1-release/../../../etc/passwd")]
    [InlineData("/v1-release/channels/../../../../etc/passwd")]
    public async Task Path_traversal_is_a_404(string path)
    {
        // Send the dots raw: HttpClient would otherwise remove them before sending.
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(_server.Url.Host, _server.Url.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {Host}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var answer = await reader.ReadToEndAsync();
        Assert.StartsWith("HTTP/1.1 404", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", answer);
    }

    [Fact]
    public async Task Very_long_channel_names_are_a_404()
    {
        foreach (var length in new[] { 300, 2000, 6000 })
        {
            using var response = await Http.GetAsync("/v1-release/channels/" + new string('a', length));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_request_line_past_kestrels_limit_is_refused_before_the_api_with_a_bare_414()
    {
        using var response = await Http.GetAsync("/v1-release/channels/" + new string('a', 10_000));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Health_readiness_and_metrics_answer()
    {
        Assert.Equal("ok\n", await Http.GetStringAsync("/healthz"));
        var ready = await _server.GetJsonAsync("/readyz");
        Assert.True(ready.GetProperty("ready").GetBoolean());
        Assert.True(ready.GetProperty("indexAgeSeconds").GetDouble() >= 0);
        Assert.Contains("releases-file", ready.GetProperty("releaseOrigins")[0].GetString());
        Assert.Equal("releases-file", ready.GetProperty("prefixes")[0].GetProperty("releaseSource").GetString());

        await Http.GetAsync("/v1-release/channels/stable");
        var metrics = await Http.GetStringAsync("/metrics");
        Assert.Contains("channelserver_http_requests_total{route=\"/v1-release/{type}/{id}\",method=\"GET\",status=\"302\"}", metrics);
        Assert.Contains("channelserver_refresh_total{outcome=\"success\"} 1", metrics);
        Assert.Contains("channelserver_refresh_duration_seconds_count 1", metrics);
        // The process's footprint, as prometheus-net's default registry reports it.
        Assert.Contains("process_working_set_bytes ", metrics);
        Assert.Contains("dotnet_collection_count_total{generation=\"2\"} ", metrics);
        Assert.Contains("channelserver_index_age_seconds", metrics);
        Assert.Contains("channelserver_index_served 1", metrics);
        Assert.Contains("channelserver_github_rate_limit_remaining", metrics);
        Assert.Contains("channelserver_release_data_age_seconds{prefix=\"v1-release\",source=\"releases-file\"}", metrics);
        Assert.Contains("channelserver_release_data_available{prefix=\"v1-release\"} 1", metrics);
        // --releases-file: nothing live is configured, so an old snapshot does not make the server unlive.
        Assert.Equal("ok\n", await Http.GetStringAsync("/livez"));
    }
}
