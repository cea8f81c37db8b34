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
    private sealed record Flag(string Name, string? Env, string Help, bool Repeatable = false);

    private static readonly Flag[] Flags =
    [
        new("url", "URL", "channel config: file path or http(s) URL; repeat for an ordered fallback list (default: the bundled config/channels.yaml)", Repeatable: true),
        new("config-key", "SUBKEY", "key of the config document to serve (\"\" = the root); repeatable, paired with --path-prefix", Repeatable: true),
        new("path-prefix", "PATH_PREFIX", "URL path prefix of the API (default v1-release); repeatable, paired with --config-key", Repeatable: true),
        new("refresh-interval", "REFRESH_INTERVAL", "time between the end of one refresh and the start of the next, Go duration (default 15m)"),
        new("listen-address", "LISTEN_ADDRESS", "host:port to listen on; the host is an IPv4 address, [IPv6], localhost, or empty for all interfaces (default 0.0.0.0:8080)"),
        new("channel-server-version", "CHANNEL_SERVER_VERSION", "serve only releases whose min/max channel server versions include this version"),
        new("app-name", "APP_NAME", "serve only the appDefaults entry of this app"),
        new("github-token", "GITHUB_TOKEN", "GitHub token (never logged)"),
        new("releases-file", "RELEASES_FILE", "read releases from this snapshot file (GitHub's JSON format) instead of calling GitHub (default: unset; GitHub is called, and at start without GitHub the state dir, then the bundled K3s snapshot, are used)"),
        new("state-dir", "STATE_DIR", "directory keeping the last good release list, used at start when GitHub is unreachable"),
        new("github-timeout", "GITHUB_TIMEOUT", "timeout of one GitHub request, Go duration (default 30s)"),
        new("log-format", "LOG_FORMAT", "text (one line per entry, default) or json (structured, one object per line)"),
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
                text.AppendLine($"  --{flag.Name,-24} [{flag.Env}] {flag.Help}");
            }

            text.AppendLine("  --help, -h                   this text");
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

        IReadOnlyList<string> Get(Flag flag)
        {
            if (values.TryGetValue(flag.Name, out var given))
            {
                return given;
            }

            var env = flag.Env is null ? null : environment(flag.Env);
            if (string.IsNullOrEmpty(env))
            {
                return [];
            }

            return flag.Repeatable
                ? env.Split(',', StringSplitOptions.TrimEntries)
                : [env];
        }

        string? Single(string name)
        {
            var flag = Flags.Single(f => f.Name == name);
            var list = Get(flag);
            if (list.Count > 1)
            {
                throw new CommandLineException($"--{name}: given {list.Count} times, but takes one value");
            }

            return list.Count == 0 || list[0].Length == 0 ? null : list[0];
        }

        var bundledConfig = Path.Combine(baseDirectory, "config", "channels.yaml");
        var bundledSnapshot = Path.Combine(baseDirectory, "config", "k3s-releases.json");

        var urls = Get(Flags[0]).Where(u => u.Length > 0).ToList();
        if (urls.Count == 0)
        {
            urls.Add(bundledConfig);
        }

        var keys = Get(Flags[1]).ToList();
        var prefixes = Get(Flags[2]).Select(p => p.Trim('/')).ToList();
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
            if (prefix is "healthz" or "readyz" or "metrics")
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
            ListenAddress = ListenAddress(Single("listen-address") ?? "0.0.0.0:8080"),
            ChannelServerVersion = ServerVersion(Single("channel-server-version")),
            AppName = Single("app-name"),
            GitHubToken = Single("github-token"),
            ReleasesFile = ReadableFile("releases-file", Single("releases-file")),
            BundledSnapshotFile = File.Exists(bundledSnapshot) ? bundledSnapshot : null,
            StateDir = StateDirectory(Single("state-dir")),
            GitHubTimeout = Duration("github-timeout", Single("github-timeout"), TimeSpan.FromSeconds(30)),
            JsonLogs = LogFormat(Single("log-format")),
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
    private static string ListenAddress(string text)
    {
        var colon = text.LastIndexOf(':');
        var port = colon < 0 ? "" : text[(colon + 1)..];
        if (port.Length is 0 or > 5 || !port.All(char.IsAsciiDigit) || int.Parse(port, CultureInfo.InvariantCulture) > 65535)
        {
            throw new CommandLineException($"--listen-address: '{text}' is not host:port with a port from 0 to 65535");
        }

        var host = text[..colon];
        if (!IsListenHost(host))
        {
            throw new CommandLineException(
                $"--listen-address: '{text}': the host '{host}' must be empty (all interfaces, as in ':8080'), an IPv4 address, an IPv6 address in brackets, or localhost");
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
