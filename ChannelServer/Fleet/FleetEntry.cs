namespace ChannelServer.Fleet;

/// <summary>
/// What a cluster last reported, updated in place on each poll so that a known cluster costs no
/// allocation on the redirect path. Readers may see the version and the time of different polls; both
/// are only ever replaced whole.
/// </summary>
public sealed class FleetEntry(string? version, DateTimeOffset lastSeen)
{
    private string? _version = version;
    private long _lastSeenTicks = lastSeen.UtcTicks;

    public string? Version => Volatile.Read(ref _version);
    public DateTimeOffset LastSeen => new(Interlocked.Read(ref _lastSeenTicks), TimeSpan.Zero);

    public void Seen(string? version, DateTimeOffset at)
    {
        if (Volatile.Read(ref _version) != version)
        {
            Volatile.Write(ref _version, version);
        }

        Interlocked.Exchange(ref _lastSeenTicks, at.UtcTicks);
    }
}
