using System.Security.Cryptography;
using System.Text;

namespace Controller.Planning;

/// <summary>Job names: <c>apply-&lt;plan&gt;-on-&lt;node&gt;-with-&lt;hash&gt;</c>, cut to 63 characters.</summary>
public static class JobNames
{
    public const int MaxLength = 63;

    public static string For(string plan, string nodeName, string hash)
    {
        var shortNode = nodeName.Split('.')[0];
        return SafeConcat($"apply-{plan}-on-{shortNode}-with-{hash}");
    }

    /// <summary>
    /// Names over 63 characters keep a prefix and get <c>-</c> plus 5 hex of the full name's SHA-256,
    /// so two long names that share the prefix stay distinct and the result is a valid DNS label.
    /// </summary>
    public static string SafeConcat(string name)
    {
        if (name.Length <= MaxLength)
        {
            return name;
        }

        var suffix = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..5];
        var prefix = name[..(MaxLength - suffix.Length - 1)].TrimEnd('-', '.');
        return $"{prefix}-{suffix}";
    }
}
