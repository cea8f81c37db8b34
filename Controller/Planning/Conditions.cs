using Contracts.Plans;

namespace Controller.Planning;

/// <summary>Setting a Plan condition the way wrangler does: times change only when something did.</summary>
public static class Conditions
{
    public static PlanCondition? Get(PlanStatus status, string type) =>
        status.Conditions?.FirstOrDefault(c => c.Type == type);

    public static bool IsTrue(PlanStatus status, string type) => Get(status, type)?.Status == "True";

    /// <summary>True when status, reason or message changed.</summary>
    public static bool Set(PlanStatus status, string type, bool value, string reason, string message, DateTimeOffset now)
    {
        status.Conditions ??= [];
        var text = value ? "True" : "False";
        var stamp = Rfc3339.Format(now);
        var existing = Get(status, type);
        if (existing is null)
        {
            status.Conditions.Add(new PlanCondition { Type = type, Status = text, Reason = reason, Message = message, LastUpdateTime = stamp, LastTransitionTime = stamp });
            return true;
        }

        if (existing.Status == text && existing.Reason == reason && (existing.Message ?? "") == message)
        {
            return false;
        }

        if (existing.Status != text)
        {
            existing.LastTransitionTime = stamp;
        }

        existing.Status = text;
        existing.Reason = reason;
        existing.Message = message;
        existing.LastUpdateTime = stamp;
        return true;
    }
}
