using System.Globalization;

namespace Contracts.Plans;

/// <summary>Times as the reference writes them in Plan conditions (wrangler: RFC 3339, whole seconds, UTC).</summary>
public static class Rfc3339
{
    public static string Format(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
