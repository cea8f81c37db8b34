namespace ChannelServer.Resolution;

/// <summary>What <see cref="ChannelResolver"/> decided for one channel, and what it is waiting for.</summary>
/// <param name="Version">the tag served, or null when the channel has no version</param>
/// <param name="Soaking">newer matching releases still inside the soak time, oldest eligibility first</param>
/// <param name="Incomplete">newer matching releases left out for missing required assets</param>
/// <param name="Held">set when the channel stayed at its previous version instead of moving back: why</param>
public sealed record ChannelResolution(string? Version, IReadOnlyList<SoakingRelease> Soaking, IReadOnlyList<IncompleteRelease> Incomplete, string? Held)
{
    /// <summary>When the first soaking release becomes eligible: the channel moves then, with no new release needed.</summary>
    public DateTimeOffset? MovesAt => Soaking.Count == 0 ? null : Soaking[0].EligibleAt;
}
