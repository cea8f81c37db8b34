using Contracts.Plans;
using Contracts.Versions;

namespace Controller.Planning;

/// <summary>Where the target comes from: <c>version</c> wins; else the channel's answer; else nothing.</summary>
public sealed record TargetVersion(string? LatestVersion, bool Resolved, string Reason, string Message, string? FailureEvent)
{
    public const string MissingMessage = "cannot resolve plan: missing channel and version";

    /// <param name="previous">The latestVersion already in the status, kept when a channel poll fails.</param>
    /// <param name="channelAnswer">The last poll of the plan's channel, or null when none has happened yet.</param>
    public static TargetVersion Resolve(PlanSpec spec, string? previous, ChannelAnswer? channelAnswer)
    {
        if (!string.IsNullOrEmpty(spec.Version))
        {
            return new(VersionMunging.Munge(spec.Version), true, PlanConditions.Reasons.Version, "", null);
        }

        if (string.IsNullOrEmpty(spec.Channel))
        {
            return new(null, false, PlanConditions.Reasons.Error, MissingMessage, null);
        }

        if (channelAnswer is null)
        {
            return new(previous, !string.IsNullOrEmpty(previous), previous is null ? PlanConditions.Reasons.Error : PlanConditions.Reasons.Channel,
                previous is null ? "waiting for the first answer of the channel" : "", null);
        }

        if (channelAnswer.Succeeded)
        {
            return new(VersionMunging.Munge(channelAnswer.Version!), true, PlanConditions.Reasons.Channel, "", null);
        }

        // Keep serving the last good version; say why the channel could not be read.
        // How old the kept version is: when the channel last answered well, or, when that was before this
        // controller started, since when it has been failing.
        var since = channelAnswer.LastGoodAt is { } at
            ? $" (last resolved {Rfc3339.Format(at)})"
            : channelAnswer.FailingSince is { } failing
                ? $" (no good answer since {Rfc3339.Format(failing)}; resolved earlier, before this controller started)"
                : "";
        var message = previous is null
            ? $"cannot resolve plan: {channelAnswer.Error}"
            : $"cannot resolve plan: {channelAnswer.Error}; keeping {previous}{since}";
        return new(previous, previous is not null, previous is null ? PlanConditions.Reasons.Error : PlanConditions.Reasons.Channel, message, channelAnswer.Error);
    }

}
