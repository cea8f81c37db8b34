namespace Contracts.Versions;

/// <summary>What moving a node from its current version to a target would be, under the Kubernetes skew policy.</summary>
public enum VersionStep
{
    /// <summary>Already there (same precedence and build number).</summary>
    Same,

    /// <summary>Newer, within the same minor line (a patch or a new build of the same patch).</summary>
    Patch,

    /// <summary>The next minor line (1.32 → 1.33): allowed.</summary>
    NextMinor,

    /// <summary>More than one minor line ahead (1.30 → 1.32), or a new major: skips a minor the skew policy requires.</summary>
    MinorSkip,

    /// <summary>Older than the current version: control planes cannot be downgraded.</summary>
    Downgrade,
}
