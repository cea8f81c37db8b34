namespace ChannelServer.Serving;

/// <param name="Count">refreshes finished since start, failed ones included</param>
public sealed record RefreshStatus(long Count, DateTimeOffset? FinishedAt, string Outcome, string? Error)
{
    public static readonly RefreshStatus None = new(0, null, "none", null);
}
