namespace Docs.Tests.Readme;

/// <summary>A <c>```sh</c> block of the README; <see cref="SkipReason"/> is set when a marker says it is not run.</summary>
public sealed record ShellBlock(int Line, IReadOnlyList<ShellCommand> Commands, string? SkipReason);
