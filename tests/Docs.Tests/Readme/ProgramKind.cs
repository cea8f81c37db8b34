namespace Docs.Tests.Readme;

/// <summary>The three long-running programs of the repository.</summary>
public enum ProgramKind
{
    Sandbox,
    Controller,
    ChannelServer,
}
