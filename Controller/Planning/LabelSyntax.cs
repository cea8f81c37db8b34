using System.Text.RegularExpressions;

namespace Controller.Planning;

/// <summary>Kubernetes' syntax for label keys and values.</summary>
public static partial class LabelSyntax
{
    public static bool IsQualifiedName(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length is 0 or > 253 || !DnsSubdomain().IsMatch(prefix))
            {
                return false;
            }
        }

        return name.Length is > 0 and <= 63 && NamePart().IsMatch(name);
    }

    public static bool IsValue(string? value) =>
        value is not null && (value.Length == 0 || (value.Length <= 63 && NamePart().IsMatch(value)));

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePart();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsSubdomain();
}
