namespace Docs.Tests;

/// <summary>A temporary directory, removed at the end of the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("docs-tests-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
