using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Contracts.Plans;

namespace Controller.Planning;

/// <summary>
/// A Plan's maintenance window: listed weekdays, start and end times (inclusive) in an IANA zone.
/// Start after end means the window runs past midnight; the weekday is the one of the moment checked.
/// </summary>
public sealed partial class TimeWindow
{
    private readonly HashSet<DayOfWeek> _days;
    private readonly TimeSpan _start;
    private readonly TimeSpan _end;
    private readonly TimeZoneInfo _zone;

    private TimeWindow(HashSet<DayOfWeek> days, TimeSpan start, TimeSpan end, TimeZoneInfo zone)
    {
        _days = days;
        _start = start;
        _end = end;
        _zone = zone;
    }

    public static bool TryParse(TimeWindowSpec spec, [NotNullWhen(true)] out TimeWindow? window, [NotNullWhen(false)] out string? error)
    {
        window = null;
        var days = new HashSet<DayOfWeek>();
        foreach (var day in spec.Days ?? [])
        {
            if (string.IsNullOrEmpty(day))
            {
                continue;
            }

            if (!TryParseDay(day, out var parsed))
            {
                error = $"invalid weekday: {day}";
                return false;
            }

            days.Add(parsed);
        }

        if (!TryParseTime(spec.StartTime, out var start))
        {
            error = $"invalid start time: {spec.StartTime}";
            return false;
        }

        if (!TryParseTime(spec.EndTime, out var end))
        {
            error = $"invalid end time: {spec.EndTime}";
            return false;
        }

        TimeZoneInfo zone;
        try
        {
            zone = string.IsNullOrEmpty(spec.TimeZone) || spec.TimeZone == "UTC"
                ? TimeZoneInfo.Utc
                : TimeZoneInfo.FindSystemTimeZoneById(spec.TimeZone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            error = $"unknown time zone {spec.TimeZone}";
            return false;
        }

        window = new TimeWindow(days, start, end, zone);
        error = null;
        return true;
    }

    public bool Contains(DateTimeOffset moment)
    {
        var local = TimeZoneInfo.ConvertTime(moment, _zone);
        if (!_days.Contains(local.DayOfWeek))
        {
            return false;
        }

        var time = local.TimeOfDay;
        return _start <= _end
            ? time >= _start && time <= _end
            : time >= _start || time <= _end; // past midnight: from start to the end of day, or from midnight to end
    }

    public static bool TryParseDay(string text, out DayOfWeek day)
    {
        day = default;
        var t = text.Trim().ToLowerInvariant();
        if (t.Length == 1 && t[0] is >= '0' and <= '6')
        {
            day = (DayOfWeek)(t[0] - '0');
            return true;
        }

        foreach (var candidate in Enum.GetValues<DayOfWeek>())
        {
            var name = candidate.ToString().ToLowerInvariant();
            if (t == name || t == name[..3] || t == name[..2])
            {
                day = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>Go layouts <c>15:04</c>, <c>15:04:05</c>, <c>03:04pm</c>, <c>15</c>, <c>3pm</c>.</summary>
    public static bool TryParseTime(string? text, out TimeSpan time)
    {
        time = default;
        var match = TimePattern().Match(text?.Trim() ?? "");
        if (!match.Success)
        {
            return false;
        }

        var hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        var second = match.Groups["s"].Success ? int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
        if (match.Groups["ampm"].Success)
        {
            if (hour is < 1 or > 12)
            {
                return false;
            }

            var pm = match.Groups["ampm"].Value.Equals("pm", StringComparison.OrdinalIgnoreCase);
            hour = (hour % 12) + (pm ? 12 : 0);
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        time = new TimeSpan(hour, minute, second);
        return true;
    }

    [GeneratedRegex("^(?<h>[0-9]{1,2})(:(?<m>[0-9]{2})(:(?<s>[0-9]{2}))?)?\\s*(?<ampm>[aApP][mM])?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();
}
