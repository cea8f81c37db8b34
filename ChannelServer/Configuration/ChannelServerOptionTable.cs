using System.Globalization;
using Contracts.CommandLine;
using static ChannelServer.Configuration.ServerOptionParsers;
using static Contracts.CommandLine.OptionParsers;

namespace ChannelServer.Configuration;

/// <summary>
/// Every flag of the channel server, once: the reference's names (rancher/channelserver) and variables, then ours.
/// Each flag is also read from its variable; a repeatable flag's variable holds a comma-separated list. Parsing,
/// lookups and the help text come from here; the defaults live on <see cref="ServerFlags"/> and <see cref="ServerOptions"/>.
/// </summary>
public static class ChannelServerOptionTable
{
    private static TypedOptionRow<ServerFlags, T> Row<T>(string flag, string env, string help, Parser<T> parse, Func<ServerOptions, T, ServerOptions> set, Func<ServerOptions, object?> get) =>
        new(flag, [env], help, "", parse, (f, v) => f with { Options = set(f.Options, v) }, f => get(f.Options));

    private static TypedOptionRow<ServerFlags, bool> Switch(string flag, string env, string help, Func<ServerOptions, bool, ServerOptions> set, Func<ServerOptions, bool> get) =>
        Row<bool>(flag, env, help, Bool, set, o => get(o)) with { IsSwitch = true };

    private static Parser<TimeSpan> PositiveDuration { get; } = Duration(positive: true);

    // Looked up by name only (Flag("url")): the order here is the order of --help and nothing else.
    public static IReadOnlyList<OptionRow<ServerFlags>> All { get; } =
    [
        new RepeatableOptionRow<ServerFlags, string>("url", ["URL"], "channel config: file path or http(s) URL; repeat for an ordered fallback list", "", Text, (f, v) => f with { Options = f.Options with { Urls = v } }, f => f.Options.Urls)
            { DefaultNote = "the bundled config/channels.yaml" },
        new RepeatableOptionRow<ServerFlags, string>("config-key", ["SUBKEY"], "key of the config document to serve (\"\" = the root); repeatable, paired with --path-prefix", "", Text, (f, v) => f with { ConfigKeys = v }, f => f.ConfigKeys)
            { DefaultNote = "\"\", the root" },
        new RepeatableOptionRow<ServerFlags, string>("path-prefix", ["PATH_PREFIX"], "URL path prefix of the API; repeatable, paired with --config-key", "", PathPrefix, (f, v) => f with { PathPrefixes = v }, f => f.PathPrefixes),
        Row<TimeSpan>("refresh-interval", "REFRESH_INTERVAL", "time between the end of one refresh and the start of the next, Go duration", PositiveDuration, (o, v) => o with { RefreshInterval = v }, o => o.RefreshInterval),
        Row<Cronos.CronExpression>("refresh-schedule", "REFRESH_SCHEDULE", "cron expression (5 fields, UTC, or @hourly/@daily/...) for the refreshes; overrides --refresh-interval", Schedule, (o, v) => o with { RefreshSchedule = v }, o => o.RefreshSchedule),
        Switch("refresh-fatal", "REFRESH_FATAL", "exit with status 1 when a refresh fails (the reference's behaviour); false: keep serving the last good data", (o, v) => o with { RefreshFatal = v }, o => o.RefreshFatal),
        Row<string>("listen-address", "LISTEN_ADDRESS", "host:port to listen on; the host is an IPv4 address, [IPv6], localhost, or empty for all interfaces", ListenAddress, (o, v) => o with { ListenAddress = v }, o => o.ListenAddress),
        Row<string>("metrics-listen-address", "METRICS_LISTEN_ADDRESS", "host:port of a second listener serving /metrics and /livez only", ListenAddress, (o, v) => o with { MetricsListenAddress = v }, o => o.MetricsListenAddress)
            with { DefaultNote = "unset, both on --listen-address" },
        Row<Contracts.Versions.ReleaseVersion>("channel-server-version", "CHANNEL_SERVER_VERSION", "serve only releases whose min/max channel server versions include this version", ServerVersion, (o, v) => o with { ChannelServerVersion = v }, o => o.ChannelServerVersion?.Original),
        Row<string>("app-name", "APP_NAME", "serve only the appDefaults entry of this app", Text, (o, v) => o with { AppName = v }, o => o.AppName),
        Row<SecretText>("github-token", "GITHUB_TOKEN", "GitHub token (never logged); overrides the GitHub App flags", Secret, (o, v) => o with { GitHubToken = v.Reveal() }, o => o.GitHubToken is null ? null : new SecretText(o.GitHubToken)),
        new TypedOptionRow<ServerFlags, string>("github-app-id", ["GITHUB_APP_ID"], "GitHub App ID: with the private key and installation ID, authenticate as that App's installation", "", Text, (f, v) => f with { GitHubAppId = v }, f => f.GitHubAppId),
        new TypedOptionRow<ServerFlags, SecretText>("github-app-private-key", ["GITHUB_APP_PRIVATE_KEY"], "GitHub App RSA private key: a file path or the PEM text itself (PKCS#1 or PKCS#8; never logged)", "", Secret, (f, v) => f with { GitHubAppPrivateKey = v }, f => f.GitHubAppPrivateKey),
        new TypedOptionRow<ServerFlags, string>("github-app-installation-id", ["GITHUB_APP_INSTALLATION_ID"], "GitHub App installation ID", "", Text, (f, v) => f with { GitHubAppInstallationId = v }, f => f.GitHubAppInstallationId),
        Row<string>("releases-file", "RELEASES_FILE", "read releases from this snapshot file (GitHub's JSON format) instead of calling GitHub", ReadableFile, (o, v) => o with { ReleasesFile = v }, o => o.ReleasesFile)
            with { DefaultNote = "unset: GitHub is called, and at start without GitHub the state dir, then the bundled K3s snapshot, are used" },
        Row<string>("state-dir", "STATE_DIR", "directory keeping the last good release list, used at start when GitHub is unreachable", StateDirectory, (o, v) => o with { StateDir = v }, o => o.StateDir),
        Switch("accept-release-shrink", "ACCEPT_RELEASE_SHRINK", "accept a release list that is empty or less than half as long as the last good one (false: refused, the last good list stays)", (o, v) => o with { AcceptReleaseShrink = v }, o => o.AcceptReleaseShrink),
        Switch("allow-downgrade", "ALLOW_DOWNGRADE", "let every regexp channel move to a lower version than it served (a release withdrawn or re-flagged as prerelease); false: it stays, and says why (per channel: allowDowngrade: true)", (o, v) => o with { AllowDowngrade = v }, o => o.AllowDowngrade),
        Switch("fleet-view", "FLEET_VIEW", "record, in memory only, which clusters poll each channel (X-SUC-Cluster-ID, UUIDs only) and the version each reports, for /<prefix>/fleet, the HTML page and metrics; at most 10000 entries, each kept 24h after its last poll", (o, v) => o with { FleetView = v }, o => o.FleetView),
        Row<TimeSpan>("stale-after", "STALE_AFTER", "/livez answers 500 once release data from GitHub or a mirror is older than this, Go duration", PositiveDuration, (o, v) => o with { StaleAfter = v }, o => o.StaleAfter),
        Row<TimeSpan>("github-timeout", "GITHUB_TIMEOUT", "timeout of one GitHub request, Go duration", PositiveDuration, (o, v) => o with { GitHubTimeout = v }, o => o.GitHubTimeout),
        Row<bool>("log-format", "LOG_FORMAT", "text (one line per entry) or json (structured, one object per line)", JsonLogFormat, (o, v) => o with { JsonLogs = v }, o => o.JsonLogs ? "json" : "text"),
        Switch("debug", "DEBUG", "log at debug level", (o, v) => o with { Debug = v }, o => o.Debug),
    ];

    // As Go's flag package: -flag is --flag. Help words are the program's: any argument may ask for it.
    private static readonly OptionTable<ServerFlags> Table = new(All, new OptionSyntax { SingleDash = true, RepeatIsError = true, HelpWords = [], HelpColumn = 30 });

    /// <summary>The row of a flag, by its name without dashes.</summary>
    public static OptionRow<ServerFlags> Flag(string name) => Table.Flag(name);

    /// <summary>The flag lines of the help text, each with its variable and its default.</summary>
    public static string Help() => Table.Help(new ServerFlags());

    /// <summary>The options, or every problem with the flags and variables.</summary>
    public static OptionParseResult<ServerFlags> Parse(IReadOnlyList<string> args, Func<string, string?> environment, string baseDirectory) =>
        Table.Parse(args, environment, new ServerFlags(), (flags, errors) => Check(flags, errors, baseDirectory));

    private static ServerFlags Check(ServerFlags flags, ICollection<string> errors, string baseDirectory)
    {
        var urls = flags.Options.Urls.Where(u => u.Length > 0).ToList();
        if (urls.Count == 0)
        {
            urls.Add(Path.Combine(baseDirectory, "config", "channels.yaml"));
        }

        var bundledSnapshot = Path.Combine(baseDirectory, "config", "k3s-releases.json");
        var options = flags.Options with
        {
            Urls = urls,
            Prefixes = Prefixes(flags, errors),
            BundledSnapshotFile = File.Exists(bundledSnapshot) ? bundledSnapshot : null,
            GitHubApp = GitHubApp(flags, errors),
        };
        return flags with { Options = options };
    }

    private static List<PrefixBinding> Prefixes(ServerFlags flags, ICollection<string> errors)
    {
        // A bad key or prefix was reported already, and left its row at the default: counting it again would only mislead.
        if (errors.Any(e => e.StartsWith(Flag("config-key").Label, StringComparison.Ordinal) || e.StartsWith(Flag("path-prefix").Label, StringComparison.Ordinal)))
        {
            return [];
        }

        if (flags.ConfigKeys.Count != flags.PathPrefixes.Count)
        {
            errors.Add($"--config-key and --path-prefix must be given the same number of times (config keys: {flags.ConfigKeys.Count}, path prefixes: {flags.PathPrefixes.Count})");
        }

        foreach (var duplicate in flags.PathPrefixes.GroupBy(p => p, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"--path-prefix: '{duplicate.Key}' is given twice");
        }

        return [.. flags.ConfigKeys.Zip(flags.PathPrefixes, (k, p) => new PrefixBinding(k, p))];
    }

    private static GitHubAppCredentials? GitHubApp(ServerFlags flags, ICollection<string> errors)
    {
        var (id, privateKey, installationId) = (flags.GitHubAppId, flags.GitHubAppPrivateKey, flags.GitHubAppInstallationId);
        if (id is null && privateKey is null && installationId is null)
        {
            return null;
        }

        if (id is null || privateKey is null || installationId is null)
        {
            errors.Add("--github-app-id, --github-app-private-key and --github-app-installation-id go together: give all three or none");
            return null;
        }

        var appId = PositiveNumber("github-app-id", id, errors);
        var installation = PositiveNumber("github-app-installation-id", installationId, errors);

        // As the reference: a path to a PEM file, or the PEM text itself.
        var pem = privateKey.Reveal().Contains("-----BEGIN", StringComparison.Ordinal) ? privateKey.Reveal() : ReadKeyFile(privateKey.Reveal(), errors);
        if (pem is null || appId is null || installation is null)
        {
            return null;
        }

        try
        {
            return new GitHubAppCredentials(appId.Value, installation.Value, pem);
        }
        catch (Exception e) when (e is ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            errors.Add($"--github-app-private-key: not an RSA private key in PEM form (PKCS#1 or PKCS#8): {e.Message}");
            return null;
        }
    }

    private static long? PositiveNumber(string flag, string text, ICollection<string> errors)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
        {
            return number;
        }

        errors.Add($"--{flag}: '{text}' is not a positive number");
        return null;
    }

    private static string? ReadKeyFile(string path, ICollection<string> errors)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // The message names the path, never the value: a mistyped PEM must not reach a log.
            errors.Add($"--github-app-private-key: neither PEM text nor a readable file: {e.Message}");
            return null;
        }
    }
}
