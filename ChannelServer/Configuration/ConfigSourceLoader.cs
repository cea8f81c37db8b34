namespace ChannelServer.Configuration;

/// <summary>
/// Loads the channel configuration from an ordered list of sources: each is read as a local file when
/// one exists at that path, else fetched over HTTP (5 s, only 200 counts); the first source that
/// loads and parses wins. Unlike the reference, the whole list is tried again on every refresh.
/// </summary>
public sealed class ConfigSourceLoader(HttpClient http)
{
    public static readonly TimeSpan HttpTimeout = TimeSpan.FromSeconds(5);

    public async Task<LoadedConfig<T>> LoadAsync<T>(IReadOnlyList<string> sources, Func<string, T> parse, CancellationToken cancellationToken)
    {
        var failures = new List<(string Source, string Reason)>();
        foreach (var source in sources)
        {
            try
            {
                var text = await ReadAsync(source, cancellationToken).ConfigureAwait(false);
                return new LoadedConfig<T>(source, parse(text), failures);
            }
            catch (Exception e) when (e is ConfigurationException or IOException or UnauthorizedAccessException or HttpRequestException
                                          or TaskCanceledException or UriFormatException or ArgumentException
                                      && !cancellationToken.IsCancellationRequested)
            {
                failures.Add((source, Describe(e)));
            }
        }

        throw new ConfigurationException($"no configuration source could be loaded: {string.Join("; ", failures.Select(f => $"{f.Source}: {f.Reason}"))}");
    }

    private static string Describe(Exception e) => e switch
    {
        TaskCanceledException => $"no answer within {HttpTimeout.TotalSeconds:0} s",
        _ => e.Message,
    };

    private async Task<string> ReadAsync(string source, CancellationToken cancellationToken)
    {
        if (File.Exists(source))
        {
            return await File.ReadAllTextAsync(source, cancellationToken).ConfigureAwait(false);
        }

        if (!Uri.TryCreate(source, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ConfigurationException("no such file, and not an http(s) URL");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HttpTimeout);
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
        if (response.StatusCode != System.Net.HttpStatusCode.OK)
        {
            throw new ConfigurationException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        return await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
    }
}
