using System.Globalization;
using System.Text.RegularExpressions;
using Contracts.Versions;

namespace ChannelServer.Configuration;

/// <summary>
/// A channel's <c>minAge</c>: a Go duration that may also start with whole or fractional days
/// (<c>7d</c>, <c>1d12h</c>, <c>1.5d</c>), since soak times are counted in days and Go has no such unit.
/// Zero is allowed (no soak); a negative age is an error.
/// </summary>
public static partial class SoakDuration
{
    [GeneratedRegex(@"^(?<days>[0-9]+(?:\.[0-9]+)?)d(?<rest>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex DaysPrefix();

    public static bool TryParse(string text, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        var match = DaysPrefix().Match(text);
        var days = match.Success ? decimal.Parse(match.Groups["days"].Value, CultureInfo.InvariantCulture) : 0m;
        var rest = match.Success ? match.Groups["rest"].Value : text;
        var tail = TimeSpan.Zero;
        if (!match.Success || rest.Length > 0)
        {
            if (!GoDuration.TryParse(rest, out tail, out error))
            {
                error = $"invalid duration \"{text}\" (Go duration, days allowed as in 7d or 1d12h)";
                return false;
            }
        }

        if (tail < TimeSpan.Zero || rest.StartsWith('-') || rest.StartsWith('+'))
        {
            error = $"invalid duration \"{text}\": must not be negative or signed";
            return false;
        }

        value = TimeSpan.FromTicks((long)(days * TimeSpan.TicksPerDay)) + tail;
        error = null;
        return true;
    }
}
