namespace Contracts.Plans;

/// <summary>Environment variables every upgrade Job container gets (the upgrade images read them).</summary>
public static class JobEnvironment
{
    public const string NodeName = "SYSTEM_UPGRADE_NODE_NAME";
    public const string PodName = "SYSTEM_UPGRADE_POD_NAME";
    public const string PodUid = "SYSTEM_UPGRADE_POD_UID";
    public const string PlanName = "SYSTEM_UPGRADE_PLAN_NAME";
    public const string PlanLatestHash = "SYSTEM_UPGRADE_PLAN_LATEST_HASH";
    public const string PlanLatestVersion = "SYSTEM_UPGRADE_PLAN_LATEST_VERSION";
}
