namespace ChannelServer.Fleet;

/// <summary>
/// What a cluster last reported, updated in place on each poll so that a known cluster costs no new
/// entry on the redirect path. The header as sent is kept beside its checked form, so a poll repeating
/// it (the usual case) skips the version check. Readers may see the version and the time of different
/// polls; each is only ever replaced whole.
/// </summary>
public sealed class FleetEntry(string? header, string? version, DateTimeOffset lastSeen)
{
    private readonly Lock _lock = new();
    private (string? Header, string? Version) _reported = (header, version);
    private long _lastSeenTicks = lastSeen.UtcTicks;

    public string? Version => Reported.Version;
    public DateTimeOffset LastSeen => new(Interlocked.Read(ref _lastSeenTicks), TimeSpan.Zero);

    private (string? Header, string? Version) Reported
    {
        get
        {
            lock (_lock)
            {
                return _reported;
            }
        }
    }

    public void Seen(string? header, DateTimeOffset at)
    {
        Interlocked.Exchange(ref _lastSeenTicks, at.UtcTicks);
        if (string.Equals(Reported.Header, header, StringComparison.Ordinal))
        {
            return;
        }

        var version = FleetHeaders.Version(header);
        lock (_lock)
        {
            _reported = (header, version);
        }
    }
}
