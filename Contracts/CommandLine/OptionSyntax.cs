namespace Contracts.CommandLine;

/// <summary>How a program's command line is spelled, where the programs' references differ.</summary>
public sealed record OptionSyntax
{
    /// <summary>Go's flag package: <c>-flag</c> is <c>--flag</c>.</summary>
    public bool SingleDash { get; init; }

    /// <summary>A single-valued flag given twice is an error rather than the last one winning.</summary>
    public bool RepeatIsError { get; init; }

    /// <summary>Arguments that ask for the help text instead of a run; empty: help is the caller's business.</summary>
    public IReadOnlyList<string> HelpWords { get; init; } = ["--help", "-h"];

    /// <summary>Help as a column per flag (<c>--flag VALUE   [ENV] help (default x)</c>) of this width; 0: a block per flag under its section.</summary>
    public int HelpColumn { get; init; }
}
