using ChannelServer.Resolution;

namespace ChannelServer.Serving;

/// <summary>The index in service, swapped atomically by the refresh loop, plus what the last refresh did.</summary>
public sealed class ChannelIndexHolder(DateTimeOffset startedAt)
{
    private ChannelIndex? _current;
    private RefreshStatus _lastRefresh = RefreshStatus.None;

    /// <summary>Null until a first index could be built: the API answers 503 then.</summary>
    public ChannelIndex? Current => Volatile.Read(ref _current);

    public RefreshStatus LastRefresh => Volatile.Read(ref _lastRefresh);

    /// <summary>When the server started: the age of data never obtained counts from here.</summary>
    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>Set when --refresh-fatal stopped the server: the process exits with status 1.</summary>
    public string? FatalError { get; set; }

    public void Swap(ChannelIndex index) => Volatile.Write(ref _current, index);

    public void Record(RefreshStatus status) => Volatile.Write(ref _lastRefresh, status);
}
