namespace Contracts.CommandLine;

/// <summary>A secret read from a flag or the environment: shown as <c>[redacted]</c> wherever it is printed or logged.</summary>
public sealed class SecretText(string value)
{
    /// <summary>The secret itself, for the one place that sends it.</summary>
    public string Reveal() => value;

    public override string ToString() => "[redacted]";
}
