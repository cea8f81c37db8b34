namespace Docs.Tests.Readme;

/// <summary>A <c>##</c> section of the README: its shell blocks run in one session, its servers live as long as it.</summary>
public sealed record ReadmeSection(string Title, IReadOnlyList<ShellBlock> Blocks);
