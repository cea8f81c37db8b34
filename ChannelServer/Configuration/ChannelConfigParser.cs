using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Contracts.Channels;
using Contracts.Versions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ChannelServer.Configuration;

/// <summary>
/// Reads a channels document (YAML or JSON) the way the reference does: keys match
/// case-insensitively, unknown keys are ignored, anchors and <c>&lt;&lt;</c> merge keys work.
/// </summary>
public static class ChannelConfigParser
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Parses the whole document; select the part of one prefix with <see cref="Select"/>.</summary>
    /// <remarks>
    /// An empty document is an error, not a config with no channels: it is what a truncating save or a
    /// half-written ConfigMap leaves, and serving it would turn every channel into a 404. A config that
    /// wants no channels says <c>channels: []</c>.
    /// </remarks>
    public static YamlNode? ParseDocument(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ConfigurationException(text.Length == 0 ? "the document is empty (0 bytes)" : "the document holds only whitespace");
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ConfigurationException($"not valid YAML or JSON: {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode))
        {
            throw new ConfigurationException("the document holds no value (only comments, or null)");
        }

        return stream.Documents[0].RootNode;
    }

    public static ChannelConfig Parse(string text, string configKey = "", ReleaseVersion? channelServerVersion = null, string? appName = null) =>
        Select(ParseDocument(text), configKey, channelServerVersion, appName);

    public static ChannelConfig Select(YamlNode? document, string configKey, ReleaseVersion? channelServerVersion, string? appName)
    {
        YamlMappingNode? root;
        if (document is null || IsNull(document))
        {
            root = null;
        }
        else if (document is YamlMappingNode mapping)
        {
            root = mapping;
        }
        else
        {
            throw new ConfigurationException("the configuration document is not a mapping");
        }

        if (configKey.Length > 0)
        {
            var section = root is null ? null : Child(root, configKey);
            if (section is not YamlMappingNode keyed)
            {
                throw new ConfigurationException(
                    section is null
                        ? $"config key '{configKey}' is missing from the configuration"
                        : $"config key '{configKey}' does not hold a mapping");
            }

            root = keyed;
        }

        if (root is null)
        {
            return new ChannelConfig([], null, string.Empty, [], []);
        }

        var configAssets = AssetPatterns(root, "requireAssets", "the config");
        var channels = Sequence(root, "channels").Select(ReadChannel)
            .Select(c => configAssets.Count == 0 ? c : c with { RequireAssets = [.. configAssets, .. c.RequireAssets.Except(configAssets, StringComparer.Ordinal)] })
            .ToList();
        var twice = channels.Select((c, i) => (c.Name, Index: i)).GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            // The reference silently serves the first; a second entry is always a mistake, and which one wins is not obvious.
            throw new ConfigurationException(
                $"channel '{twice.Key}' is defined {twice.Count()} times (channels[{string.Join("], channels[", twice.Select(t => t.Index))}]){Where(configKey)}");
        }
        var releases = Sequence(root, "releases").Select(ReadRelease).ToList();
        if (channelServerVersion is not null)
        {
            releases = releases.Where(r => ServerVersionInRange(r, channelServerVersion)).ToList();
        }

        var appDefaults = Sequence(root, "appDefaults").Select(ReadAppDefault).ToList();
        if (appName is not null)
        {
            appDefaults = appDefaults.Where(a => a.AppName == appName).Take(1).ToList();
        }

        return new ChannelConfig(channels, ReadGitHub(root), Scalar(root, "redirectBase") ?? string.Empty, releases, appDefaults);
    }

    private static string Where(string configKey) => configKey.Length == 0 ? string.Empty : $" under config key '{configKey}'";

    private static bool ServerVersionInRange(ReleaseInfo release, ReleaseVersion server) =>
        ReleaseVersion.TryParse(release.MinChannelServerVersion, out var min)
        && ReleaseVersion.TryParse(release.MaxChannelServerVersion, out var max)
        && min.CompareTo(server) <= 0
        && server.CompareTo(max) <= 0;

    private static ChannelRule ReadChannel(YamlNode node, int index)
    {
        if (node is not YamlMappingNode map)
        {
            throw new ConfigurationException($"channels[{index}] is not a mapping");
        }

        var name = Scalar(map, "name") ?? string.Empty;
        var latestRegexp = Scalar(map, "latestRegexp");
        var excludeRegexp = Scalar(map, "excludeRegexp");
        TimeSpan? minAge = null;
        if (Scalar(map, "minAge") is { } age)
        {
            if (!SoakDuration.TryParse(age, out var parsed, out var error))
            {
                throw new ConfigurationException($"channel '{name}': minAge: {error}");
            }

            minAge = parsed > TimeSpan.Zero ? parsed : null;
        }

        var allowDowngrade = Scalar(map, "allowDowngrade") switch
        {
            null => false,
            { } text when bool.TryParse(text, out var value) => value,
            { } text => throw new ConfigurationException($"channel '{name}': allowDowngrade '{text}' is not true or false"),
        };
        // Checked here so that a bad pattern fails the load, and not kept: a compiled pattern is hundreds of
        // kilobytes in the non-backtracking engine, and the resolver, which runs once per refresh, compiles
        // its own and drops it too, so a refresh never holds every channel's patterns at once.
        Check(name, "latestRegexp", latestRegexp);
        Check(name, "excludeRegexp", excludeRegexp);
        return new ChannelRule(name, Scalar(map, "latest"), latestRegexp, excludeRegexp)
        {
            MinAge = minAge,
            RequireAssets = AssetPatterns(map, "requireAssets", $"channel '{name}'"),
            AllowDowngrade = allowDowngrade,
        };
    }

    // A list of names, or one name; an empty entry would match nothing and is a mistake.
    private static IReadOnlyList<string> AssetPatterns(YamlMappingNode map, string key, string owner)
    {
        var node = Child(map, key);
        if (node is null || node is YamlScalarNode s0 && IsNull(s0))
        {
            return [];
        }

        IEnumerable<YamlNode> items = node is YamlSequenceNode seq ? seq.Children : [node];
        var patterns = new List<string>();
        foreach (var item in items)
        {
            if (item is not YamlScalarNode { Value: { Length: > 0 } value } || string.IsNullOrWhiteSpace(value))
            {
                throw new ConfigurationException($"{owner}: {key} must list asset names or glob patterns (non-empty strings)");
            }

            if (!patterns.Contains(value, StringComparer.Ordinal))
            {
                patterns.Add(value);
            }
        }

        return patterns;
    }

    /// <summary>
    /// RE2 (the reference's engine) runs in linear time; .NET's non-backtracking engine gives the same
    /// guarantee and rejects what RE2 rejects too (backreferences, lookaround).
    /// </summary>
    public static Regex? Compile(string channel, string field, string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return null;
        }

        try
        {
            return new Regex(Re2Syntax.ToDotNet(pattern), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new ConfigurationException($"channel '{channel}': {field} '{pattern}' does not compile: {e.Message}", e);
        }
    }

    private static void Check(string channel, string field, string? pattern)
    {
        if (string.IsNullOrEmpty(pattern) || CheckedPatterns.Contains(pattern))
        {
            return;
        }

        _ = Compile(channel, field, pattern);
        CheckedPatterns.Add(pattern);
    }

    private static GitHubRepository? ReadGitHub(YamlMappingNode root)
    {
        if (Child(root, "github") is not YamlMappingNode github)
        {
            return null;
        }

        var owner = Scalar(github, "owner");
        var repo = Scalar(github, "repo");
        if (string.IsNullOrEmpty(owner) || string.IsNullOrEmpty(repo))
        {
            return null;
        }

        var api = Scalar(github, "api");
        return new GitHubRepository(owner, repo, string.IsNullOrEmpty(api) ? null : api);
    }

    private static ReleaseInfo ReadRelease(YamlNode node, int index)
    {
        if (node is not YamlMappingNode map)
        {
            throw new ConfigurationException($"releases[{index}] is not a mapping");
        }

        return new ReleaseInfo
        {
            Version = Scalar(map, "version"),
            MinChannelServerVersion = Scalar(map, "minChannelServerVersion"),
            MaxChannelServerVersion = Scalar(map, "maxChannelServerVersion"),
            ServerArgs = Map(map, "serverArgs", ReadArgument),
            AgentArgs = Map(map, "agentArgs", ReadArgument),
            FeatureVersions = Map(map, "featureVersions", n => n is YamlScalarNode s && !IsNull(s) ? s.Value ?? string.Empty : string.Empty),
            Charts = Map(map, "charts", n => n is YamlMappingNode c
                ? new ReleaseChart { Repo = Scalar(c, "repo"), Version = Scalar(c, "version") }
                : new ReleaseChart()),
        };
    }

    private static ReleaseArgument ReadArgument(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            return new ReleaseArgument();
        }

        var options = Child(map, "options") is YamlSequenceNode list
            ? list.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty).ToList()
            : null;
        var defaultNode = Child(map, "default");
        return new ReleaseArgument
        {
            Type = Scalar(map, "type"),
            Default = defaultNode is null ? null : ToJson(defaultNode),
            Nullable = Bool(map, "nullable"),
            Create = Bool(map, "create"),
            Update = Bool(map, "update"),
            Options = options,
        };
    }

    private static AppDefaultInfo ReadAppDefault(YamlNode node, int index)
    {
        if (node is not YamlMappingNode map)
        {
            throw new ConfigurationException($"appDefaults[{index}] is not a mapping");
        }

        var defaults = Sequence(map, "defaults")
            .OfType<YamlMappingNode>()
            .Select(d => new AppDefaultVersion { AppVersion = Scalar(d, "appVersion"), DefaultVersion = Scalar(d, "defaultVersion") })
            .ToList();
        return new AppDefaultInfo(Scalar(map, "appName") ?? string.Empty, defaults);
    }

    /// <summary>A YAML value as the JSON the reference would print: maps with sorted keys, plain scalars typed.</summary>
    private static JsonNode? ToJson(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in Entries(map).OrderBy(c => c.Key, StringComparer.Ordinal))
                {
                    obj[key] = ToJson(value);
                }

                return obj;
            case YamlSequenceNode seq:
                var array = new JsonArray();
                foreach (var item in seq.Children)
                {
                    array.Add(ToJson(item));
                }

                return array;
            case YamlScalarNode scalar when IsNull(scalar):
                return null;
            case YamlScalarNode scalar when scalar.Style == ScalarStyle.Plain:
                var text = scalar.Value ?? string.Empty;
                if (bool.TryParse(text, out var b))
                {
                    return JsonValue.Create(b);
                }

                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    return JsonValue.Create(l);
                }

                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
                {
                    return JsonValue.Create(d);
                }

                return JsonValue.Create(text);
            case YamlScalarNode scalar:
                return JsonValue.Create(scalar.Value ?? string.Empty);
            default:
                return null;
        }
    }

    private static IReadOnlyDictionary<string, T>? Map<T>(YamlMappingNode parent, string key, Func<YamlNode, T> read)
    {
        if (Child(parent, key) is not YamlMappingNode map)
        {
            return null;
        }

        var result = new SortedDictionary<string, T>(StringComparer.Ordinal);
        foreach (var (name, value) in Entries(map))
        {
            result[name] = read(value);
        }

        return result;
    }

    private static IEnumerable<YamlNode> Sequence(YamlMappingNode parent, string key) =>
        Child(parent, key) switch
        {
            YamlSequenceNode seq => seq.Children,
            null => [],
            YamlScalarNode s when IsNull(s) => [],
            _ => throw new ConfigurationException($"'{key}' is not a list"),
        };

    /// <summary>Exact key first, then the first key equal ignoring case (as Go's encoding/json matches fields).</summary>
    private static YamlNode? Child(YamlMappingNode map, string key)
    {
        YamlNode? folded = null;
        foreach (var (name, v) in Entries(map))
        {
            if (string.Equals(name, key, StringComparison.Ordinal))
            {
                return v;
            }

            if (folded is null && string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                folded = v;
            }
        }

        return folded;
    }

    /// <summary>
    /// The keys of a mapping with YAML merge keys applied: its own keys first, then those of the
    /// mappings under <c>&lt;&lt;</c> (a mapping or a list of them, earlier ones first) that it does not set itself.
    /// </summary>
    private static List<(string Key, YamlNode Value)> Entries(YamlMappingNode map, int depth = 0)
    {
        if (depth > 32)
        {
            throw new ConfigurationException("merge keys (<<) nest too deeply");
        }

        var entries = new List<(string Key, YamlNode Value)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var merges = new List<YamlMappingNode>();
        foreach (var (k, v) in map.Children)
        {
            if (k is not YamlScalarNode { Value: { } name })
            {
                continue;
            }

            if (name == "<<" && k is YamlScalarNode { Style: ScalarStyle.Plain })
            {
                merges.AddRange(v switch
                {
                    YamlMappingNode one => [one],
                    YamlSequenceNode many => many.Children.OfType<YamlMappingNode>(),
                    _ => throw new ConfigurationException("a merge key (<<) must refer to a mapping or a list of mappings"),
                });
                continue;
            }

            if (seen.Add(name))
            {
                entries.Add((name, v));
            }
        }

        foreach (var merged in merges)
        {
            foreach (var (name, v) in Entries(merged, depth + 1))
            {
                if (seen.Add(name))
                {
                    entries.Add((name, v));
                }
            }
        }

        return entries;
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        Child(map, key) switch
        {
            YamlScalarNode s when IsNull(s) => null,
            YamlScalarNode s => string.IsNullOrEmpty(s.Value) ? null : s.Value,
            null => null,
            _ => throw new ConfigurationException($"'{key}' must be a single value"),
        };

    private static bool Bool(YamlMappingNode map, string key) =>
        Scalar(map, key) is { } text && bool.TryParse(text, out var value) && value;

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain } s
        && (s.Value is null or "" or "~" or "null" or "Null" or "NULL");
}
