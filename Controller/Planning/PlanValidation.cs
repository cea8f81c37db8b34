using Contracts.Plans;
using Contracts.Versions;

namespace Controller.Planning;

/// <summary>The checks that make a Plan valid; the first problem found is the message of condition <c>Validated</c>.</summary>
public static class PlanValidation
{
    /// <summary>Null when the Plan is valid.</summary>
    public static string? Validate(PlanSpec spec, Func<string, bool> secretExists)
    {
        if (spec.Drain is { } drain)
        {
            if (drain.DeleteEmptydirData == true && drain.DeleteLocalData == true)
            {
                return "spec.drain cannot specify both deleteEmptydirData and deleteLocalData";
            }

            if (LabelSelectors.Problem(drain.PodSelector) is not null)
            {
                return "spec.drain.podSelector is not selectable";
            }
        }

        if (spec.Window is { } window && !TimeWindow.TryParse(window, out _, out var windowError))
        {
            return $"spec.window is invalid: {windowError}";
        }

        if (!string.IsNullOrEmpty(spec.PostCompleteDelay))
        {
            if (!GoDuration.TryParse(spec.PostCompleteDelay, out var delay, out var delayError))
            {
                return $"spec.postCompleteDelay is invalid: {delayError}";
            }

            if (delay < TimeSpan.Zero)
            {
                return "spec.postCompleteDelay is negative";
            }
        }

        foreach (var secret in spec.Secrets ?? [])
        {
            if (secret.IgnoreUpdates != true && !secretExists(secret.Name))
            {
                return $"spec.secrets: secret {secret.Name} not found";
            }
        }

        return null;
    }

    public static TimeSpan PostCompleteDelay(PlanSpec spec) =>
        GoDuration.TryParse(spec.PostCompleteDelay, out var delay, out _) && delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
}
