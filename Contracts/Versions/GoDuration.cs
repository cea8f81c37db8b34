using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Contracts.Versions;

/// <summary>
/// Durations written the way Go writes them (<c>300ms</c>, <c>1m30s</c>, <c>-1.5h</c>), because the reference
/// implementations take them in flags and Plans (<c>--refresh-interval</c>, <c>postCompleteDelay</c>).
/// Units: ns, us (µs, μs), ms, s, m, h. TimeSpan keeps 100 ns ticks: finer parts are truncated.
/// </summary>
public static class GoDuration
{
    private const long NanosPerTick = 100;

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    public static bool TryParse([NotNullWhen(true)] string? text, out TimeSpan value, [NotNullWhen(false)] out string? error)
    {
        value = TimeSpan.Zero;
        var quoted = $"\"{text}\"";
        if (string.IsNullOrEmpty(text))
        {
            error = $"invalid duration {quoted}: empty";
            return false;
        }

        var s = text.AsSpan();
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.SequenceEqual("0"))
        {
            error = null;
            return true;
        }

        if (s.IsEmpty)
        {
            error = $"invalid duration {quoted}";
            return false;
        }

        decimal totalNanos = 0;
        while (!s.IsEmpty)
        {
            var intEnd = 0;
            while (intEnd < s.Length && char.IsAsciiDigit(s[intEnd]))
            {
                intEnd++;
            }

            var fracStart = intEnd;
            var fracEnd = intEnd;
            if (fracStart < s.Length && s[fracStart] == '.')
            {
                fracStart++;
                fracEnd = fracStart;
                while (fracEnd < s.Length && char.IsAsciiDigit(s[fracEnd]))
                {
                    fracEnd++;
                }
            }

            var hasInt = intEnd > 0;
            var hasFrac = fracEnd > fracStart;
            if (!hasInt && !hasFrac)
            {
                error = $"invalid duration {quoted}";
                return false;
            }

            var unitEnd = fracEnd;
            while (unitEnd < s.Length && s[unitEnd] != '.' && !char.IsAsciiDigit(s[unitEnd]))
            {
                unitEnd++;
            }

            if (unitEnd == fracEnd)
            {
                error = $"missing unit in duration {quoted}";
                return false;
            }

            var unit = s[fracEnd..unitEnd].ToString();
            var unitNanos = UnitNanos(unit);
            if (unitNanos == 0)
            {
                error = $"unknown unit \"{unit}\" in duration {quoted}";
                return false;
            }

            try
            {
                var number = decimal.Parse(
                    string.Concat(hasInt ? s[..intEnd] : "0", ".", hasFrac ? s[fracStart..fracEnd] : "0"),
                    NumberStyles.AllowDecimalPoint,
                    CultureInfo.InvariantCulture);
                totalNanos += number * unitNanos;
            }
            catch (OverflowException)
            {
                error = $"invalid duration {quoted}: out of range";
                return false;
            }

            s = s[unitEnd..];
        }

        // Go keeps durations in an int64 of nanoseconds.
        if (totalNanos > long.MaxValue)
        {
            error = $"invalid duration {quoted}: out of range";
            return false;
        }

        var ticks = (long)decimal.Truncate(totalNanos / NanosPerTick);
        value = TimeSpan.FromTicks(negative ? -ticks : ticks);
        error = null;
        return true;
    }

    private static long UnitNanos(string unit) => unit switch
    {
        "ns" => 1,
        "us" or "\u00b5s" or "\u03bcs" => 1_000,
        "ms" => 1_000_000,
        "s" => 1_000_000_000,
        "m" => 60L * 1_000_000_000,
        "h" => 3600L * 1_000_000_000,
        _ => 0,
    };

    /// <summary>Go's <c>Duration.String()</c>: <c>1h30m0s</c>, <c>1.5s</c>, <c>300ms</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        // Work in nanoseconds as a non-negative magnitude; TimeSpan.MinValue still fits in decimal.
        var negative = value < TimeSpan.Zero;
        var nanos = Math.Abs((decimal)value.Ticks) * NanosPerTick;
        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }

        if (nanos < 1_000_000_000)
        {
            var (scale, unit) = nanos switch
            {
                < 1_000 => (1m, "ns"),
                < 1_000_000 => (1_000m, "\u00b5s"),
                _ => (1_000_000m, "ms"),
            };
            sb.Append(Trim(nanos / scale)).Append(unit);
            return sb.ToString();
        }

        var hours = decimal.Truncate(nanos / 3_600_000_000_000m);
        nanos -= hours * 3_600_000_000_000m;
        var minutes = decimal.Truncate(nanos / 60_000_000_000m);
        nanos -= minutes * 60_000_000_000m;
        var seconds = nanos / 1_000_000_000m;
        if (hours > 0)
        {
            sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || minutes > 0)
        {
            sb.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        sb.Append(Trim(seconds)).Append('s');
        return sb.ToString();
    }

    private static string Trim(decimal number)
    {
        var text = number.ToString("0.#########", CultureInfo.InvariantCulture);
        return text;
    }
}
