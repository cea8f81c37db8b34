namespace ChannelServer;

/// <summary>Hooks for hosting the server in-process.</summary>
public sealed class ChannelServerHostOptions
{
    /// <summary>Environment lookup for the flags' variables; null reads the process environment.</summary>
    public Func<string, string?>? Environment { get; init; }

    /// <summary>The clock of the refresh loop and of index ages; null is the system clock.</summary>
    public TimeProvider? TimeProvider { get; init; }

    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
