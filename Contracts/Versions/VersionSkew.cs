namespace Contracts.Versions;

/// <summary>The Kubernetes version skew policy as the controller's gate applies it.</summary>
public static class VersionSkew
{
    public static VersionStep Classify(ReleaseVersion current, ReleaseVersion target)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(target);

        var order = target.CompareTo(current);
        if (order == 0)
        {
            return VersionStep.Same;
        }

        if (order < 0)
        {
            return VersionStep.Downgrade;
        }

        if (target.Major != current.Major)
        {
            return VersionStep.MinorSkip;
        }

        return (target.Minor - current.Minor) switch
        {
            0 => VersionStep.Patch,
            1 => VersionStep.NextMinor,
            _ => VersionStep.MinorSkip,
        };
    }

    /// <summary>True for a step the gate lets through without an explicit opt-in.</summary>
    public static bool IsAllowed(VersionStep step) => step is VersionStep.Same or VersionStep.Patch or VersionStep.NextMinor;
}
