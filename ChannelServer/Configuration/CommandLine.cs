using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Contracts.Versions;

namespace ChannelServer.Configuration;

/// <summary>
/// The flags of the reference service (each also read from its environment variable) plus our own.
/// Parsing is strict: an unknown flag or a bad value stops the start with a message naming the flag.
/// </summary>
public static partial class CommandLine
{
    private enum FlagKind
    {
        Value,
        Repeatable,
        Bool,
    }

    private sealed record Flag(string Name, string? Env, string Help, FlagKind Kind = FlagKind.Value);

    // Looked up by name only (Get("url")): the order here is the order of --help and nothing else.
    private static readonly Flag[] Flags =
    [
        new("url", "URL", "channel config: file path or http(s) URL; repeat for an ordered fallback list (default: the bundled config/channels.yaml)", FlagKind.Repeatable),
        new("config-key", "SUBKEY", "key of the config document to serve (\"\" = the root); repeatable, paired with --path-prefix", FlagKind.Repeatable),
        new("path-prefix", "PATH_PREFIX", "URL path prefix of the API (default v1-release); repeatable, paired with --config-key", FlagKind.Repeatable),
        new("refresh-interval", "REFRESH_INTERVAL", "time between the end of one refresh and the start of the next, Go duration (default 15m)"),
        new("refresh-schedule", "REFRESH_SCHEDULE", "cron expression (5 fields, UTC, or @hourly/@daily/...) for the refreshes; overrides --refresh-interval"),
        new("refresh-fatal", "REFRESH_FATAL", "exit with status 1 when a refresh fails (the reference's behaviour); default: keep serving the last good data", FlagKind.Bool),
        new("listen-address", "LISTEN_ADDRESS", "host:port to listen on; the host is an IPv4 address, [IPv6], localhost, or empty for all interfaces (default 0.0.0.0:8080)"),
        new("metrics-listen-address", "METRICS_LISTEN_ADDRESS", "host:port of a second listener serving /metrics and /livez only (default: unset, both on --listen-address)"),
        new("channel-server-version", "CHANNEL_SERVER_VERSION", "serve only releases whose min/max channel server versions include this version"),
        new("app-name", "APP_NAME", "serve only the appDefaults entry of this app"),
        new("github-token", "GITHUB_TOKEN", "GitHub token (never logged); overrides the GitHub App flags"),
        new("github-app-id", "GITHUB_APP_ID", "GitHub App ID: with the private key and installation ID, authenticate as that App's installation"),
        new("github-app-private-key", "GITHUB_APP_PRIVATE_KEY", "GitHub App RSA private key: a file path or the PEM text itself (PKCS#1 or PKCS#8; never logged)"),
        new("github-app-installation-id", "GITHUB_APP_INSTALLATION_ID", "GitHub App installation ID"),
        new("releases-file", "RELEASES_FILE", "read releases from this snapshot file (GitHub's JSON format) instead of calling GitHub (default: unset; GitHub is called, and at start without GitHub the state dir, then the bundled K3s snapshot, are used)"),
        new("state-dir", "STATE_DIR", "directory keeping the last good release list, used at start when GitHub is unreachable"),
        new("accept-release-shrink", "ACCEPT_RELEASE_SHRINK", "accept a release list that is empty or less than half as long as the last good one (default: refused, the last good list stays)", FlagKind.Bool),
        new("allow-downgrade", "ALLOW_DOWNGRADE", "let every regexp channel move to a lower version than it served (a release withdrawn or re-flagged as prerelease); default: it stays, and says why (per channel: allowDowngrade: true)", FlagKind.Bool),
        new("fleet-view", "FLEET_VIEW", "record, in memory only, which clusters poll each channel (X-SUC-Cluster-ID, UUIDs only) and the version each reports, for /<prefix>/fleet, the HTML page and metrics; at most 10000 entries, each kept 24h after its last poll (default true)", FlagKind.Bool),
        new("stale-after", "STALE_AFTER", "/livez answers 500 once release data from GitHub or a mirror is older than this, Go duration (default 24h)"),
        new("github-timeout", "GITHUB_TIMEOUT", "timeout of one GitHub request, Go duration (default 30s)"),
        new("log-format", "LOG_FORMAT", "text (one line per entry, default) or json (structured, one object per line)"),
        new("debug", "DEBUG", "log at debug level", FlagKind.Bool),
    ];

    /// <summary>Reference flags this server does not take, with the reason (listed in --help).</summary>
    public static readonly IReadOnlyList<(string Flag, string Why)> LeftOut =
    [
        ("--version", "urfave/cli's built-in version flag: this build carries no release version to print"),
    ];

    public const string DefaultPathPrefix = "v1-release";

    public static string HelpText
    {
        get
        {
            var text = new StringBuilder();
            text.AppendLine("K3s/RKE2 release channel server (drop-in for update.k3s.io)");
            text.AppendLine();
            text.AppendLine("usage: ChannelServer [flags]");
            text.AppendLine("       ChannelServer export --owner OWNER --repo REPO [--api URL] [--github-token TOKEN] --out FILE");
            text.AppendLine();
            text.AppendLine("flags (each also read from the environment variable in brackets):");
            foreach (var flag in Flags)
            {
                text.AppendLine($"  --{flag.Name,-28} [{flag.Env}] {flag.Help}");
            }

            text.AppendLine("  --help, -h                       this text");
            text.AppendLine();
            text.AppendLine("reference flags not taken:");
            foreach (var (flag, why) in LeftOut)
            {
                text.AppendLine($"  {flag,-30} {why}");
            }

            return text.ToString();
        }
    }

    public static bool WantsHelp(IReadOnlyList<string> args) =>
        args.Any(a => a is "--help" or "-h" or "-help" or "help");

    /// <param name="environment">environment lookup; null reads the process environment</param>
    /// <param name="baseDirectory">where the bundled config/ lives; null uses the application's directory</param>
    public static ServerOptions Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null, string? baseDirectory = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        baseDirectory ??= AppContext.BaseDirectory;
        var values = ReadFlags(args);

        IReadOnlyList<string> Get(string name)
        {
            var flag = FlagNamed(name);
            if (values.TryGetValue(flag.Name, out var given))
            {
                return given;
            }

            var env = flag.Env is null ? null : environment(flag.Env);
            if (string.IsNullOrEmpty(env))
            {
                return [];
            }

            return flag.Kind == FlagKind.Repeatable
                ? env.Split(',', StringSplitOptions.TrimEntries)
                : [env];
        }

        string? Single(string name)
        {
            var list = Get(name);
            if (list.Count > 1)
            {
                throw new CommandLineException($"--{name}: given {list.Count} times, but takes one value");
            }

            return list.Count == 0 || list[0].Length == 0 ? null : list[0];
        }

        var bundledConfig = Path.Combine(baseDirectory, "config", "channels.yaml");
        var bundledSnapshot = Path.Combine(baseDirectory, "config", "k3s-releases.json");

        var urls = Get("url").Where(u => u.Length > 0).ToList();
        if (urls.Count == 0)
        {
            urls.Add(bundledConfig);
        }

        var keys = Get("config-key").ToList();
        var prefixes = Get("path-prefix").Select(p => p.Trim('/')).ToList();
        if (keys.Count == 0)
        {
            keys.Add(string.Empty);
        }

        if (prefixes.Count == 0)
        {
            prefixes.Add(DefaultPathPrefix);
        }

        if (keys.Count != prefixes.Count)
        {
            throw new CommandLineException(
                $"--config-key and --path-prefix must be given the same number of times (config keys: {keys.Count}, path prefixes: {prefixes.Count})");
        }

        foreach (var prefix in prefixes)
        {
            if (!PrefixPattern().IsMatch(prefix))
            {
                throw new CommandLineException($"--path-prefix: '{prefix}' is not a usable path segment (letters, digits, '.', '_', '~', '-')");
            }
        }

        foreach (var prefix in prefixes)
        {
            if (prefix is "healthz" or "readyz" or "livez" or "metrics")
            {
                throw new CommandLineException($"--path-prefix: '{prefix}' is taken by the server's own /{prefix} endpoint");
            }
        }

        var duplicate = prefixes.GroupBy(p => p, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new CommandLineException($"--path-prefix: '{duplicate.Key}' is given twice");
        }

        var options = new ServerOptions
        {
            Urls = urls,
            Prefixes = keys.Zip(prefixes, (k, p) => new PrefixBinding(k, p)).ToList(),
            RefreshInterval = Duration("refresh-interval", Single("refresh-interval"), TimeSpan.FromMinutes(15)),
            ListenAddress = ListenAddress(Single("listen-address") ?? "0.0.0.0:8080", "listen-address"),
            ChannelServerVersion = ServerVersion(Single("channel-server-version")),
            AppName = Single("app-name"),
            GitHubToken = Single("github-token"),
            ReleasesFile = ReadableFile("releases-file", Single("releases-file")),
            BundledSnapshotFile = File.Exists(bundledSnapshot) ? bundledSnapshot : null,
            StateDir = StateDirectory(Single("state-dir")),
            GitHubTimeout = Duration("github-timeout", Single("github-timeout"), TimeSpan.FromSeconds(30)),
            JsonLogs = LogFormat(Single("log-format")),
            RefreshSchedule = Schedule(Single("refresh-schedule")),
            RefreshFatal = Bool("refresh-fatal", Single("refresh-fatal")),
            MetricsListenAddress = Single("metrics-listen-address") is { } metrics ? ListenAddress(metrics, "metrics-listen-address") : null,
            GitHubApp = GitHubApp(Single("github-app-id"), Single("github-app-private-key"), Single("github-app-installation-id")),
            AcceptReleaseShrink = Bool("accept-release-shrink", Single("accept-release-shrink")),
            AllowDowngrade = Bool("allow-downgrade", Single("allow-downgrade")),
            FleetView = Single("fleet-view") is not { } fleet || Bool("fleet-view", fleet),
            StaleAfter = Duration("stale-after", Single("stale-after"), TimeSpan.FromHours(24)),
            Debug = Bool("debug", Single("debug")),
        };
        return options;
    }

    private static Dictionary<string, List<string>> ReadFlags(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-'))
            {
                throw new CommandLineException($"unexpected argument '{arg}' (flags start with --; see --help)");
            }

            var body = arg.TrimStart('-');
            string name;
            string? value = null;
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                name = body[..equals];
                value = body[(equals + 1)..];
            }
            else
            {
                name = body;
            }

            var flag = Flags.FirstOrDefault(f => f.Name == name)
                ?? throw new CommandLineException($"unknown flag '--{name}' (see --help)");
            if (value is null && flag.Kind == FlagKind.Bool)
            {
                // As Go's flag package: a boolean flag alone is true; false needs --flag=false.
                value = "true";
            }

            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    throw new CommandLineException($"--{flag.Name}: a value is missing");
                }

                value = args[++i];
            }

            if (!values.TryGetValue(flag.Name, out var list))
            {
                values[flag.Name] = list = [];
            }

            list.Add(value);
        }

        return values;
    }

    private static Flag FlagNamed(string name) =>
        Flags.FirstOrDefault(f => f.Name == name) ?? throw new InvalidOperationException($"no flag --{name} in the table");

    // The spellings Go's strconv.ParseBool takes, which the reference's flags and variables accept.
    private static bool Bool(string flag, string? text) => text switch
    {
        null => false,
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => throw new CommandLineException($"--{flag}: '{text}' is not a boolean (true or false)"),
    };

    private static Cronos.CronExpression? Schedule(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return Cronos.CronExpression.Parse(text, Cronos.CronFormat.Standard);
        }
        catch (Cronos.CronFormatException e)
        {
            throw new CommandLineException($"--refresh-schedule: '{text}' is not a cron expression like '*/15 * * * *' or '@hourly' ({e.Message})");
        }
    }

    private static GitHubAppCredentials? GitHubApp(string? id, string? privateKey, string? installationId)
    {
        if (id is null && privateKey is null && installationId is null)
        {
            return null;
        }

        if (id is null || privateKey is null || installationId is null)
        {
            throw new CommandLineException("--github-app-id, --github-app-private-key and --github-app-installation-id go together: give all three or none");
        }

        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var appId) || appId <= 0)
        {
            throw new CommandLineException($"--github-app-id: '{id}' is not a positive number");
        }

        if (!long.TryParse(installationId, NumberStyles.None, CultureInfo.InvariantCulture, out var installation) || installation <= 0)
        {
            throw new CommandLineException($"--github-app-installation-id: '{installationId}' is not a positive number");
        }

        // As the reference: a path to a PEM file, or the PEM text itself.
        var pem = privateKey.Contains("-----BEGIN", StringComparison.Ordinal) ? privateKey : ReadKeyFile(privateKey);
        try
        {
            return new GitHubAppCredentials(appId, installation, pem);
        }
        catch (Exception e) when (e is ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            throw new CommandLineException($"--github-app-private-key: not an RSA private key in PEM form (PKCS#1 or PKCS#8): {e.Message}");
        }
    }

    private static string ReadKeyFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // The message names the path, never the value: a mistyped PEM must not reach a log.
            throw new CommandLineException($"--github-app-private-key: neither PEM text nor a readable file: {e.Message}");
        }
    }

    private static TimeSpan Duration(string flag, string? text, TimeSpan fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        if (!GoDuration.TryParse(text, out var value, out var error))
        {
            throw new CommandLineException($"--{flag}: '{text}' is not a duration like 15m, 1h30m or 90s ({error})");
        }

        if (value <= TimeSpan.Zero)
        {
            throw new CommandLineException($"--{flag}: must be positive, got '{text}'");
        }

        return value;
    }

    // Only hosts Kestrel binds as given: any other name would make it listen on all interfaces instead.
    private static string ListenAddress(string text, string flag)
    {
        var colon = text.LastIndexOf(':');
        var port = colon < 0 ? "" : text[(colon + 1)..];
        if (port.Length is 0 or > 5 || !port.All(char.IsAsciiDigit) || int.Parse(port, CultureInfo.InvariantCulture) > 65535)
        {
            throw new CommandLineException($"--{flag}: '{text}' is not host:port with a port from 0 to 65535");
        }

        var host = text[..colon];
        if (!IsListenHost(host))
        {
            throw new CommandLineException(
                $"--{flag}: '{text}': the host '{host}' must be empty (all interfaces, as in ':8080'), an IPv4 address, an IPv6 address in brackets, or localhost");
        }

        return text;
    }

    private static bool IsListenHost(string host)
    {
        if (host is "" or "localhost")
        {
            return true;
        }

        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            return IPAddress.TryParse(host.AsSpan(1, host.Length - 2), out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;
        }

        // Four decimal parts as Go's net.ParseIP reads them: IPAddress.TryParse also takes "127.1" or "0x7f.0.0.1".
        var parts = host.Split('.');
        return parts.Length == 4 && parts.All(part => part.Length is >= 1 and <= 3 && part.All(char.IsAsciiDigit)
            && (part.Length == 1 || part[0] != '0') && int.Parse(part, CultureInfo.InvariantCulture) <= 255);
    }

    private static ReleaseVersion? ServerVersion(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return ReleaseVersion.TryParse(text, out var version, out var error)
            ? version
            : throw new CommandLineException($"--channel-server-version: '{text}' is not a version ({error})");
    }

    private static string? ReadableFile(string flag, string? path)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CommandLineException($"--{flag}: cannot read '{path}': {e.Message}");
        }

        return Path.GetFullPath(path);
    }

    private static bool LogFormat(string? text) => text switch
    {
        null or "text" => false,
        "json" => true,
        _ => throw new CommandLineException($"--log-format: '{text}' is neither text nor json"),
    };

    private static string? StateDirectory(string? path)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            return Directory.CreateDirectory(path).FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CommandLineException($"--state-dir: cannot use '{path}': {e.Message}");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9._~-]+$")]
    private static partial Regex PrefixPattern();
}
