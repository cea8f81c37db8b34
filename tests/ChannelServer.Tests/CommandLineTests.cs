using System.Diagnostics;
using ChannelServer.Configuration;
using ChannelServer.Tests.Infrastructure;

namespace ChannelServer.Tests;

public sealed class CommandLineTests
{
    private static ServerOptions Parse(string[] args, Dictionary<string, string>? env = null) =>
        CommandLine.Parse(args, name => env?.GetValueOrDefault(name), baseDirectory: RepoFiles.Root);

    [Fact]
    public void Defaults_are_the_reference_ones_with_the_bundled_config()
    {
        var options = Parse([]);
        Assert.Equal([Path.Combine(RepoFiles.Root, "config", "channels.yaml")], options.Urls);
        Assert.Equal([new PrefixBinding("", "v1-release")], options.Prefixes);
        Assert.Equal(TimeSpan.FromMinutes(15), options.RefreshInterval);
        Assert.Equal("0.0.0.0:8080", options.ListenAddress);
        Assert.Null(options.ReleasesFile);
        Assert.Equal(RepoFiles.K3sReleases, options.BundledSnapshotFile);
    }

    [Fact]
    public void Every_flag_reads_its_environment_variable_and_a_flag_wins()
    {
        using var dir = new TempDir();
        var env = new Dictionary<string, string>
        {
            ["URL"] = "a.yaml,b.yaml",
            ["SUBKEY"] = "k3s,rke2",
            ["PATH_PREFIX"] = "k3s,rke2",
            ["REFRESH_INTERVAL"] = "1h30m",
            ["LISTEN_ADDRESS"] = "127.0.0.1:9000",
            ["CHANNEL_SERVER_VERSION"] = "v2.6.3",
            ["APP_NAME"] = "rancher",
            ["GITHUB_TOKEN"] = "t",
            ["RELEASES_FILE"] = RepoFiles.K3sReleases,
            ["STATE_DIR"] = dir.Combine("state"),
        };
        var options = Parse([], env);
        Assert.Equal(["a.yaml", "b.yaml"], options.Urls);
        Assert.Equal([new PrefixBinding("k3s", "k3s"), new PrefixBinding("rke2", "rke2")], options.Prefixes);
        Assert.Equal(TimeSpan.FromMinutes(90), options.RefreshInterval);
        Assert.Equal("127.0.0.1:9000", options.ListenAddress);
        Assert.Equal("v2.6.3", options.ChannelServerVersion!.Original);
        Assert.Equal("rancher", options.AppName);
        Assert.Equal("t", options.GitHubToken);
        Assert.Equal(RepoFiles.K3sReleases, options.ReleasesFile);
        Assert.True(Directory.Exists(dir.Combine("state")));

        var flagged = Parse(["--refresh-interval", "90s", "--url=c.yaml"], env);
        Assert.Equal(TimeSpan.FromSeconds(90), flagged.RefreshInterval);
        Assert.Equal(["c.yaml"], flagged.Urls);
    }

    [Theory]
    [InlineData(new[] { "--refresh-interval", "15 minutes" }, "--refresh-interval")]
    [InlineData(new[] { "--refresh-interval", "-5m" }, "--refresh-interval")]
    [InlineData(new[] { "--listen-address", "nowhere" }, "--listen-address")]
    [InlineData(new[] { "--listen-address", "0.0.0.0:99999" }, "--listen-address")]
    [InlineData(new[] { "--listen-address", "nosuchhost:8080" }, "--listen-address")]
    [InlineData(new[] { "--listen-address", "999.1.1.1:80" }, "--listen-address")]
    [InlineData(new[] { "--listen-address", "1.2.3:80" }, "--listen-address")]
    [InlineData(new[] { "--listen-address", "127.1:80" }, "--listen-address")]
    [InlineData(new[] { "--listen-address", "010.0.0.1:80" }, "--listen-address")]
    [InlineData(new[] { "--listen-address", "::1:8080" }, "--listen-address")]
    [InlineData(new[] { "--listen-address", "[::1:8080" }, "--listen-address")]
    [InlineData(new[] { "--listen-address", "[127.0.0.1]:8080" }, "--listen-address")]
    [InlineData(new[] { "--listen-address", "[nosuchhost]:8080" }, "--listen-address")]
    [InlineData(new[] { "--listen-address", "example.com:443" }, "--listen-address")]
    [InlineData(new[] { "--listen-address", "0.0.0.0:+80" }, "--listen-address")]
    [InlineData(new[] { "--listen-address", "0.0.0.0: 80" }, "--listen-address")]
    [InlineData(new[] { "--listen-address", "0.0.0.0:" }, "--listen-address")]
    [InlineData(new[] { "--channel-server-version", "two.six" }, "--channel-server-version")]
    [InlineData(new[] { "--releases-file", "/nonexistent/releases.json" }, "--releases-file")]
    [InlineData(new[] { "--config-key", "a", "--config-key", "b" }, "--config-key and --path-prefix")]
    [InlineData(new[] { "--path-prefix", "a", "--path-prefix", "a", "--config-key", "x", "--config-key", "y" }, "--path-prefix")]
    [InlineData(new[] { "--path-prefix", "a b" }, "--path-prefix")]
    [InlineData(new[] { "--path-prefix", "metrics" }, "--path-prefix")]
    [InlineData(new[] { "--no-such-flag", "x" }, "--no-such-flag")]
    [InlineData(new[] { "--url" }, "--url")]
    [InlineData(new[] { "--app-name", "a", "--app-name", "b" }, "--app-name")]
    public void Bad_values_stop_the_start_with_a_message_naming_the_flag(string[] args, string named)
    {
        var error = Assert.Throws<CommandLineException>(() => Parse(args));
        Assert.Contains(named, error.Message);
    }

    [Theory]
    [InlineData("0.0.0.0:8080")] // the default, the Dockerfile's and the manifest's
    [InlineData(":8080")] // all interfaces, as Go's net.Listen
    [InlineData("127.0.0.1:0")] // tests and the demo: a free port
    [InlineData("127.0.0.1:8088")] // README
    [InlineData("192.168.10.20:80")]
    [InlineData("localhost:8080")]
    [InlineData("[::]:8080")]
    [InlineData("[::1]:65535")]
    [InlineData("[fe80::1%2]:8080")]
    public void A_listen_address_with_an_ip_literal_localhost_or_no_host_is_accepted(string address)
    {
        Assert.Equal(address, Parse(["--listen-address", address]).ListenAddress);
        Assert.Equal(address, Parse([], new Dictionary<string, string> { ["LISTEN_ADDRESS"] = address }).ListenAddress);
    }

    [Fact]
    public void A_listen_address_naming_an_unknown_host_is_refused_from_the_environment_too()
    {
        var error = Assert.Throws<CommandLineException>(() => Parse([], new Dictionary<string, string> { ["LISTEN_ADDRESS"] = "nosuchhost:8080" }));
        Assert.Contains("--listen-address", error.Message);
        Assert.Contains("nosuchhost", error.Message);
    }

    [Fact]
    public void Help_lists_every_flag_and_its_environment_variable()
    {
        var help = CommandLine.HelpText;
        foreach (var (flag, env) in new[]
                 {
                     ("--url", "URL"), ("--config-key", "SUBKEY"), ("--path-prefix", "PATH_PREFIX"), ("--refresh-interval", "REFRESH_INTERVAL"),
                     ("--listen-address", "LISTEN_ADDRESS"), ("--channel-server-version", "CHANNEL_SERVER_VERSION"), ("--app-name", "APP_NAME"),
                     ("--github-token", "GITHUB_TOKEN"), ("--releases-file", "RELEASES_FILE"), ("--state-dir", "STATE_DIR"),
                 })
        {
            Assert.Contains(flag, help);
            Assert.Contains($"[{env}]", help);
        }

        Assert.Contains("export", help);
    }

    [Fact]
    public async Task The_program_prints_help_and_refuses_a_bad_flag_with_exit_code_2()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "ChannelServer.dll");
        Assert.True(File.Exists(dll), dll);

        var (helpCode, helpOut, _) = await RunAsync(dll, "--help");
        Assert.Equal(0, helpCode);
        Assert.Contains("--refresh-interval", helpOut);

        var (badCode, _, badError) = await RunAsync(dll, "--refresh-interval", "soon");
        Assert.Equal(2, badCode);
        Assert.Contains("--refresh-interval", badError);
    }

    private static async Task<(int Code, string Out, string Error)> RunAsync(string dll, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [dll, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output, await error);
    }
}
