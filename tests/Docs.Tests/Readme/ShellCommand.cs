namespace Docs.Tests.Readme;

/// <summary>
/// One command of a README shell block (continuation lines and loop bodies included), with the output the
/// README shows under it: the <c>#</c> lines that follow it directly.
/// </summary>
public sealed record ShellCommand(int Line, string Text, IReadOnlyList<string> ShownOutput)
{
    /// <summary>
    /// A program that serves until stopped, which the reader starts in a terminal of its own: the test starts it
    /// in the background, waits until it answers and stops it at the end of the section.
    /// </summary>
    public ProgramKind? Server => ProgramKinds.ServerStartedBy(Text);
}
