using System.Text;

namespace ChannelServer.Resolution;

/// <summary>The target of a channel's redirect and the body the reference (Go's http.Redirect) writes with it.</summary>
public static class RedirectLocation
{
    /// <summary>
    /// Joins <paramref name="redirectBase"/> and the version by RFC 3986 reference resolution: a base
    /// ending in <c>/</c> gets the version appended, otherwise its last path segment is replaced; an
    /// empty base leaves the version alone (a relative Location). <c>+</c> stays literal.
    /// </summary>
    public static string Resolve(string redirectBase, string version)
    {
        if (string.IsNullOrEmpty(redirectBase))
        {
            return version;
        }

        // The base's query and fragment do not survive a merge with a relative path.
        var end = redirectBase.IndexOfAny(['?', '#']);
        var basePart = end >= 0 ? redirectBase[..end] : redirectBase;

        var schemeEnd = basePart.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            var pathStart = basePart.IndexOf('/', schemeEnd + 3);
            if (pathStart < 0)
            {
                // An authority with an empty path merges as "/" + reference.
                return $"{basePart}/{version}";
            }
        }

        var lastSlash = basePart.LastIndexOf('/');
        return lastSlash < 0 ? version : basePart[..(lastSlash + 1)] + version;
    }

    /// <summary><c>&lt;a href="URL"&gt;Found&lt;/a&gt;.</c> and two newlines, the URL escaped as Go's html.EscapeString does.</summary>
    public static byte[] FoundBody(string location) =>
        Encoding.UTF8.GetBytes($"<a href=\"{HtmlEscape(location)}\">Found</a>.\n\n");

    public static string HtmlEscape(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '\'' => "&#39;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&#34;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }
}
