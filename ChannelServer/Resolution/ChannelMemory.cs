namespace ChannelServer.Resolution;

/// <summary>What a channel served before (from the index in service, or after a restart from its history).</summary>
/// <param name="Rule">the <see cref="RuleFingerprint"/> it was resolved under</param>
/// <param name="Soaking">tags it was waiting on for their soak to end</param>
/// <param name="Incomplete">tags it left out for missing assets</param>
public sealed record ChannelMemory(string? Version, string Rule, IReadOnlyList<string> Soaking, IReadOnlyList<string> Incomplete)
{
    public static ChannelMemory? Of(ResolvedChannel? channel) =>
        channel is { Rule: { } rule, Unavailable: null }
            ? new ChannelMemory(channel.Latest, rule,
                channel.Resolution?.Soaking.Select(s => s.Tag).ToList() ?? [],
                channel.Resolution?.Incomplete.Select(i => i.Tag).ToList() ?? [])
            : null;
}
