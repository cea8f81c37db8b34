using System.Globalization;
using System.Text;

namespace ChannelServer.Serving;

/// <summary>
/// Text that goes into a log line comes from outside (a request path, an upstream's error message):
/// control characters are written escaped (<c>\r</c>, <c>\n</c>, <c>\t</c>, <c>\u001b</c>), so nobody
/// can forge a line or drive a terminal through the log. Pure.
/// </summary>
public static class LogText
{
    // The C0 and C1 ranges (char.IsControl), searched vectorized: this runs for every access log line.
    public static bool NeedsEscaping(string text) =>
        text.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') >= 0 || text.AsSpan().IndexOfAnyInRange('\u007f', '\u009f') >= 0;

    public static string Escape(string text)
    {
        if (!NeedsEscaping(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (char.IsControl(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }
}
