using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Contracts.Versions;

namespace ChannelServer.Configuration;

/// <summary>How the channel server's own kinds of values are read; each returns the value, or false and why not.</summary>
public static partial class ServerOptionParsers
{
    public static bool Schedule(string text, out Cronos.CronExpression value, out string? error)
    {
        try
        {
            (value, error) = (Cronos.CronExpression.Parse(text, Cronos.CronFormat.Standard), null);
            return true;
        }
        catch (Cronos.CronFormatException e)
        {
            (value, error) = (null!, $"'{text}' is not a cron expression like '*/15 * * * *' or '@hourly' ({e.Message})");
            return false;
        }
    }

    // Only hosts Kestrel binds as given: any other name would make it listen on all interfaces instead.
    public static bool ListenAddress(string text, out string value, out string? error)
    {
        value = text;
        var colon = text.LastIndexOf(':');
        var port = colon < 0 ? "" : text[(colon + 1)..];
        if (port.Length is 0 or > 5 || !port.All(char.IsAsciiDigit) || int.Parse(port, CultureInfo.InvariantCulture) > 65535)
        {
            error = $"'{text}' is not host:port with a port from 0 to 65535";
            return false;
        }

        var host = text[..colon];
        error = IsListenHost(host)
            ? null
            : $"'{text}': the host '{host}' must be empty (all interfaces, as in ':8080'), an IPv4 address, an IPv6 address in brackets, or localhost";
        return error is null;
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

    public static bool ServerVersion(string text, out ReleaseVersion value, out string? error)
    {
        if (ReleaseVersion.TryParse(text, out var version, out var why))
        {
            (value, error) = (version, null);
            return true;
        }

        (value, error) = (null!, $"'{text}' is not a version ({why})");
        return false;
    }

    /// <summary>The full path of a file that can be opened now, so a typo stops the start rather than the first refresh.</summary>
    public static bool ReadableFile(string text, out string value, out string? error)
    {
        try
        {
            using var stream = File.OpenRead(text);
            (value, error) = (Path.GetFullPath(text), null);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            (value, error) = (text, $"cannot read '{text}': {e.Message}");
            return false;
        }
    }

    /// <summary>The full path of a directory, created when missing.</summary>
    public static bool StateDirectory(string text, out string value, out string? error)
    {
        try
        {
            (value, error) = (Directory.CreateDirectory(text).FullName, null);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            (value, error) = (text, $"cannot use '{text}': {e.Message}");
            return false;
        }
    }

    /// <summary>True for json, false for text.</summary>
    public static bool JsonLogFormat(string text, out bool value, out string? error)
    {
        (value, error) = text switch
        {
            "text" => (false, null),
            "json" => (true, (string?)null),
            _ => (false, $"'{text}' is neither text nor json"),
        };
        return error is null;
    }

    /// <summary>One path segment, without the slashes around it, that none of the server's own endpoints uses.</summary>
    public static bool PathPrefix(string text, out string value, out string? error)
    {
        value = text.Trim('/');
        error = !PrefixPattern().IsMatch(value) ? $"'{value}' is not a usable path segment (letters, digits, '.', '_', '~', '-')"
            : value is "healthz" or "readyz" or "livez" or "metrics" ? $"'{value}' is taken by the server's own /{value} endpoint"
            : null;
        return error is null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._~-]+$")]
    private static partial Regex PrefixPattern();
}
