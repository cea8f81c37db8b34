namespace TestSupport;

/// <summary>Paths inside the repository, found from the test binary's folder upwards.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Channels.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Channels.sln not found above {AppContext.BaseDirectory}: run the tests from the repository.");
    });

    public static string Root => RootPath.Value;

    public static string Config(params string[] parts) => Path.Combine([Root, "config", .. parts]);
}
