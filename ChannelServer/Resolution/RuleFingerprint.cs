using System.Globalization;
using ChannelServer.Configuration;

namespace ChannelServer.Resolution;

/// <summary>
/// What of a rule decides which release it picks, as one string: kept with each history entry so that,
/// after a restart too, a changed rule is told apart from a changed release list.
/// </summary>
public static class RuleFingerprint
{
    public static string Of(ChannelRule rule) =>
        string.Join('\u001f',
            rule.Latest ?? string.Empty,
            rule.LatestRegexp ?? string.Empty,
            rule.ExcludeRegexp ?? string.Empty,
            rule.MinAge?.Ticks.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            string.Join('\u001e', rule.RequireAssets));
}
