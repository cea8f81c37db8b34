using Contracts.CommandLine;
using static Contracts.CommandLine.OptionParsers;

namespace ChannelServer.Releases;

/// <summary>The flags of the <c>export</c> command, once; only the token also reads a variable, the server's own.</summary>
public static class SnapshotExportOptionTable
{
    private static TypedOptionRow<SnapshotExportOptions, T> Row<T>(string flag, string[] env, string valueName, string help, Parser<T> parse, Func<SnapshotExportOptions, T, SnapshotExportOptions> set, Func<SnapshotExportOptions, object?> get) =>
        new(flag, env, help, "", parse, set, get) { ValueName = valueName };

    public static IReadOnlyList<OptionRow<SnapshotExportOptions>> All { get; } =
    [
        Row<string>("owner", [], "OWNER", "owner of the repository", Text, (o, v) => o with { Owner = v }, o => o.Owner) with { Required = true },
        Row<string>("repo", [], "REPO", "the repository whose releases are listed", Text, (o, v) => o with { Repo = v }, o => o.Repo) with { Required = true },
        Row<string>("api", [], "URL", "GitHub Enterprise or a mirror, as a config's github.api", Text, (o, v) => o with { Api = v }, o => o.Api) with { DefaultNote = "api.github.com" },
        Row<SecretText>("github-token", ["GITHUB_TOKEN"], "TOKEN", "GitHub token (never logged)", Secret, (o, v) => o with { GitHubToken = v }, o => o.GitHubToken),
        Row<string>("out", [], "FILE", "where the snapshot is written", Text, (o, v) => o with { Out = v }, o => o.Out) with { Required = true },
    ];

    private static readonly OptionTable<SnapshotExportOptions> Table = new(All, new OptionSyntax { HelpWords = ["--help", "-h", "-help", "help", "--h"], HelpColumn = 24 });

    /// <summary>The row of a flag, by its name without dashes.</summary>
    public static OptionRow<SnapshotExportOptions> Flag(string name) => Table.Flag(name);

    /// <summary>The flag lines of the help text, each with its default.</summary>
    public static string Help() => Table.Help(new SnapshotExportOptions());

    public static OptionParseResult<SnapshotExportOptions> Parse(IReadOnlyList<string> args, Func<string, string?> environment) =>
        Table.Parse(args, environment, new SnapshotExportOptions());
}
