namespace Controller.Planning;

/// <summary>What Prometheus said last: the names of the firing alerts that match the filter, or why it could not be read.</summary>
public sealed record AlertState(IReadOnlyList<string> Firing, string? Error, DateTimeOffset At)
{
    public bool Readable => Error is null;
}
