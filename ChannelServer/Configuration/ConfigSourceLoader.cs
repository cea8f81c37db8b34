namespace ChannelServer.Configuration;

/// <summary>
/// Loads the channel configuration from an ordered list of sources: each is read as a local file when
/// one exists at that path, else fetched over HTTP (5 s, only 200 counts); the first source that
/// loads and parses wins. Unlike the reference, the whole list is tried again on every refresh.
/// </summary>
public sealed class ConfigSourceLoader(HttpClient http)
{
    public static readonly TimeSpan HttpTimeout = TimeSpan.FromSeconds(5);

    /// <summary>8 MiB: the real K3s and RKE2 channel files, release metadata included, are a few hundred KiB.</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

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
            catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded && !cancellationToken.IsCancellationRequested)
            {
                failures.Add((source, $"the answer is over the limit of {MaxBytes} bytes"));
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
            return await ReadFileAsync(source, cancellationToken).ConfigureAwait(false);
        }

        if (!Uri.TryCreate(source, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ConfigurationException("no such file, and not an http(s) URL");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HttpTimeout);
        // ResponseContentRead with the client's MaxResponseContentBufferSize: the body is read up to the limit only.
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
        if (response.StatusCode != System.Net.HttpStatusCode.OK)
        {
            throw new ConfigurationException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        return await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
    }

    // Read through a bounded buffer rather than by the file's size: the file may grow while it is read.
    private static async Task<string> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, useAsync: true);
        var buffer = new byte[Math.Min(MaxBytes + 1L, Math.Max(stream.Length, 0) + 1)];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length > MaxBytes)
                {
                    throw new ConfigurationException($"the file is over the limit of {MaxBytes} bytes");
                }

                Array.Resize(ref buffer, (int)Math.Min(MaxBytes + 1L, buffer.Length * 2L));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        if (total > MaxBytes)
        {
            throw new ConfigurationException($"the file is over the limit of {MaxBytes} bytes");
        }

        // As File.ReadAllText: UTF-8 with or without a byte order mark.
        using var reader = new StreamReader(new MemoryStream(buffer, 0, total), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }
}
