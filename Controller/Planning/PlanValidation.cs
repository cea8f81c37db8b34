using Contracts.Images;
using Contracts.Plans;
using Contracts.Versions;

namespace Controller.Planning;

/// <summary>The checks that make a Plan valid; the first problem found is the message of condition <c>Validated</c>.</summary>
public static class PlanValidation
{
    /// <summary>Longest stretch of a bad value quoted in a message: enough to recognise it, not a wall of text.</summary>
    private const int QuoteLimit = 64;

    /// <summary>Null when the Plan is valid.</summary>
    public static string? Validate(PlanSpec spec, Func<string, bool> secretExists)
    {
        if (LabelSelectors.Problem(spec.NodeSelector) is { } selectorProblem)
        {
            return $"spec.nodeSelector is invalid: {selectorProblem}";
        }

        if (!string.IsNullOrEmpty(spec.Version))
        {
            // It becomes the Job's version label and the image tag: it must be valid as both.
            var munged = VersionMunging.Munge(spec.Version);
            if (!LabelSyntax.IsValue(munged) || !ImageReference.IsTag(munged))
            {
                return $"spec.version {Quote(spec.Version)} is not a valid label value and image tag (letters, digits, '.', '_', '-', '+', at most 63 characters)";
            }
        }
        else if (!string.IsNullOrEmpty(spec.Channel)
            && !(Uri.TryCreate(spec.Channel, UriKind.Absolute, out var channel) && channel.Scheme is "http" or "https"))
        {
            return $"spec.channel {Quote(spec.Channel)} is not an http(s) URL";
        }

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

    private static string Quote(string value) =>
        value.Length <= QuoteLimit ? $"\"{value}\"" : $"\"{value[..QuoteLimit]}...\" ({value.Length} characters)";

    public static TimeSpan PostCompleteDelay(PlanSpec spec) =>
        GoDuration.TryParse(spec.PostCompleteDelay, out var delay, out _) && delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
}
