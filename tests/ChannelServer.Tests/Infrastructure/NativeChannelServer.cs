using System.Text.Json;
using TestSupport;

namespace ChannelServer.Tests.Infrastructure;

/// <summary>The published (Native AOT) channel server running as a process of its own on a free loopback port.</summary>
public sealed class NativeChannelServer : IAsyncDisposable
{
    private NativeChannelServer(NativeProcess process, Uri url)
    {
        Process = process;
        Url = url;
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = url };
    }

    internal NativeProcess Process { get; }
    public Uri Url { get; }
    public HttpClient Http { get; }

    public static async Task<NativeChannelServer> StartAsync(IEnumerable<string> args)
    {
        var executable = await NativeBuild.PublishAsync("ChannelServer/ChannelServer.csproj");
        var url = new Uri($"http://127.0.0.1:{FreePort.Get()}/");
        var process = NativeProcess.Start(executable, [.. args, "--listen-address", $"127.0.0.1:{url.Port}"]);
        return new NativeChannelServer(process, url);
    }

    /// <summary>Waits until the first refresh has ended, and returns the /readyz document.</summary>
    public async Task<JsonElement> ReadyAsync()
    {
        JsonElement ready = default;
        await Eventually.UntilAsync(async () =>
        {
            Assert.False(Process.HasExited, $"the native channel server exited:\n{Process.Output}");
            using var response = await Http.GetAsync("/readyz");
            ready = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            return ready.TryGetProperty("refreshCount", out var count) && count.GetInt32() >= 1;
        }, "the native channel server has refreshed once", TimeSpan.FromSeconds(30), transient: e => e is HttpRequestException);
        return ready;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
    }
}
