using ChannelServer.Serving;

namespace ChannelServer;

/// <summary>Hooks for hosting the server in-process.</summary>
public sealed class ChannelServerHostOptions
{
    /// <summary>Environment lookup for the flags' variables; null reads the process environment.</summary>
    public Func<string, string?>? Environment { get; init; }

    /// <summary>The clock of the refresh loop and of index ages; null is the system clock.</summary>
    public TimeProvider? TimeProvider { get; init; }

    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>Where the access log lines go; null is the process's stdout. Clearing the logging providers does not remove it.</summary>
    public Stream? AccessLogOutput { get; init; }

    /// <summary>How many access log lines may wait for the output before further ones are dropped (and counted).</summary>
    public int AccessLogCapacity { get; init; } = AccessLogWriter.DefaultCapacity;

    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>
    /// A full, compacting collection after each refresh (<see cref="Serving.MemoryTrim"/>). The server's own
    /// process turns it on; off by default, because an in-process host's heap holds far more than the server.
    /// </summary>
    public bool TrimMemoryAfterRefresh { get; init; }
}
