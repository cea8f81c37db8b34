using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ChannelServer.Serving;
using ChannelServer.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TestSupport;

namespace ChannelServer.Tests;

/// <summary>What a client or an upstream sends never forges a log line or a link.</summary>
public sealed class UntrustedInputTests
{
    private const string Forged = "/v1-release/channels/x%0D%0A2026-01-01T00:00:00.000Z%20info:%20forged%1B[31m";

    private static async Task<(RunningChannelServer Server, HttpClient Http)> StartAsync(Stream output, bool json)
    {
        string[] args = ["--releases-file", RepoFiles.K3sReleases, .. json ? new[] { "--log-format", "json" } : []];
        var server = await ChannelServerHost.StartAsync(args, new ChannelServerHostOptions
        {
            Environment = _ => null,
            AccessLogOutput = output,
            ConfigureLogging = logging => logging.ClearProviders(),
        });
        return (server, new HttpClient { BaseAddress = server.Url });
    }

    [Fact]
    public async Task A_request_path_with_cr_lf_and_escape_codes_stays_on_one_escaped_text_line()
    {
        using var output = new GatedStream();
        var (server, http) = await StartAsync(output, json: false);
        await using (server)
        using (http)
        {
            using var response = await http.GetAsync(Forged);
            await Eventually.UntilAsync(() => output.Lines.Length == 1, "the request was logged");
            var line = Assert.Single(output.Lines);
            Assert.Contains(@"/v1-release/channels/x\r\n2026-01-01T00:00:00.000Z info: forged\u001b[31m 404", line);
            Assert.DoesNotContain('\r', line);
            Assert.DoesNotContain('\u001b', line);
        }
    }

    [Fact]
    public async Task In_json_the_path_is_escaped_by_the_json_writer()
    {
        using var output = new GatedStream();
        var (server, http) = await StartAsync(output, json: true);
        await using (server)
        using (http)
        {
            using var response = await http.GetAsync(Forged);
            await Eventually.UntilAsync(() => output.Lines.Length == 1, "the request was logged");
            using var entry = JsonDocument.Parse(Assert.Single(output.Lines));
            Assert.Equal("/v1-release/channels/x\r\n2026-01-01T00:00:00.000Z info: forged\u001b[31m", entry.RootElement.GetProperty("State").GetProperty("Path").GetString());
        }
    }

    [Fact]
    public void The_text_console_format_escapes_control_characters_from_any_message()
    {
        var formatter = new EscapingConsoleFormatter(TimeProvider.System);
        using var writer = new StringWriter();
        var entry = new LogEntry<string>(LogLevel.Error, "ChannelServer.Serving.IndexRefresher", new EventId(2), "upstream said: a\rb\nc\u001b[2J", null, (s, _) => s);
        formatter.Write(entry, null, writer);
        var text = writer.ToString();
        Assert.EndsWith(@" fail: ChannelServer.Serving.IndexRefresher[2] upstream said: a\rb\nc\u001b[2J" + "\n", text);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("javascript", "http://")]
    [InlineData("ftp", "http://")]
    [InlineData("HTTPS", "https://")]
    [InlineData("https, http", "https://")]
    public async Task Forwarded_proto_counts_only_as_http_or_https(string proto, string scheme)
    {
        await using var server = await TestChannelServer.StartAsync(["--releases-file", RepoFiles.K3sReleases]);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1-release/channels");
        request.Headers.Add("X-Forwarded-Proto", proto);
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await server.Http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"href=\"{scheme}{server.Url.Authority}/v1-release/channels\"", html);
        Assert.DoesNotContain("javascript:", html);
    }

    [Fact]
    public async Task An_http_1_0_request_without_host_gets_links_to_localhost()
    {
        await using var server = await TestChannelServer.StartAsync(["--releases-file", RepoFiles.K3sReleases]);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Url.Host, server.Url.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync("GET /v1-release/channels HTTP/1.0\r\n\r\n"u8.ToArray());
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith("HTTP/1.1 200", answer);
        Assert.Contains("\"self\":\"http://localhost/v1-release/channels\"", answer);
        Assert.DoesNotContain("http:///", answer);
    }
}
