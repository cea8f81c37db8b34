using System.Globalization;
using System.Text.RegularExpressions;
using Contracts.Versions;

namespace Contracts.CommandLine;

/// <summary>How option values are read: each returns the value, or null and why not.</summary>
public static class OptionParsers
{
    public delegate bool Parser<T>(string text, out T value, out string? error);

    /// <summary>What Go's strconv.ParseBool accepts, as the reference reads its booleans.</summary>
    public static bool Bool(string text, out bool value, out string? error)
    {
        (value, error) = text switch
        {
            "1" or "t" or "T" or "TRUE" or "true" or "True" => (true, null),
            "0" or "f" or "F" or "FALSE" or "false" or "False" => (false, null),
            _ => (false, $"\"{text}\" is not true or false"),
        };
        return error is null;
    }

    public static Parser<long> Long(long min, long max = long.MaxValue) => (string text, out long value, out string? error) =>
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            error = null;
            return true;
        }

        error = max == long.MaxValue ? $"\"{text}\" is not a whole number of at least {min}" : $"\"{text}\" is not a whole number from {min} to {max}";
        return false;
    };

    public static Parser<int> Int(int min, int max = int.MaxValue) => (string text, out int value, out string? error) =>
    {
        var ok = Long(min, max)(text, out var n, out error);
        value = (int)n;
        return ok;
    };

    /// <summary>A finite decimal number (invariant culture) within the bounds.</summary>
    public static Parser<double> Number(double min, double max = double.MaxValue) => (string text, out double value, out string? error) =>
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value) && value >= min && value <= max)
        {
            error = null;
            return true;
        }

        error = max == double.MaxValue
            ? $"\"{text}\" is not a number of at least {min.ToString(CultureInfo.InvariantCulture)}"
            : $"\"{text}\" is not a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
        return false;
    };

    public static bool Text(string text, out string value, out string? error)
    {
        (value, error) = (text, null);
        return true;
    }

    public static Parser<string> Choice(params string[] allowed) => (string text, out string value, out string? error) =>
    {
        value = text;
        error = allowed.Contains(text) ? null : $"\"{text}\" is not one of {string.Join(", ", allowed)}";
        return error is null;
    };

    public static Parser<TimeSpan> Duration(bool positive) => (string text, out TimeSpan value, out string? error) =>
    {
        if (!GoDuration.TryParse(text, out value, out error))
        {
            return false;
        }

        error = positive && value <= TimeSpan.Zero ? $"\"{text}\" must be above 0" : null;
        return error is null;
    };

    public static bool HttpUrl(string text, out Uri value, out string? error)
    {
        var ok = Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
        value = uri!;
        error = ok ? null : $"\"{text}\" is not an http(s) URL";
        return ok;
    }

    public static bool Pattern(string text, out string value, out string? error)
    {
        value = text;
        try
        {
            _ = new Regex(text, RegexOptions.None, TimeSpan.FromSeconds(1));
            error = null;
            return true;
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return false;
        }
    }

    public static bool Secret(string text, out SecretText value, out string? error)
    {
        (value, error) = (new SecretText(text), null);
        return true;
    }
}
