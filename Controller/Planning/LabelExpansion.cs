using System.Text;

namespace Controller.Planning;

/// <summary>
/// Kubernetes-style <c>$(VAR)</c> expansion for postCompleteLabels: known variables are replaced,
/// <c>$$</c> is a literal <c>$</c>, unknown <c>$(X)</c> stays as written.
/// </summary>
public static class LabelExpansion
{
    public const string LatestVersion = "LATEST_VERSION";
    public const string LatestHash = "LATEST_HASH";

    public static string Expand(string input, IReadOnlyDictionary<string, string> variables)
    {
        var sb = new StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] != '$' || i + 1 >= input.Length)
            {
                sb.Append(input[i]);
                continue;
            }

            var next = input[i + 1];
            if (next == '$')
            {
                sb.Append('$');
                i++;
                continue;
            }

            if (next == '(')
            {
                var close = input.IndexOf(')', i + 2);
                if (close > 0)
                {
                    var name = input[(i + 2)..close];
                    sb.Append(variables.TryGetValue(name, out var value) ? value : input[i..(close + 1)]);
                    i = close;
                    continue;
                }
            }

            sb.Append('$');
        }

        return sb.ToString();
    }

    public static IDictionary<string, string> ExpandAll(IDictionary<string, string>? labels, string latestVersion, string latestHash)
    {
        var variables = new Dictionary<string, string> { [LatestVersion] = latestVersion, [LatestHash] = latestHash };
        return (labels ?? new Dictionary<string, string>()).ToDictionary(kv => kv.Key, kv => Expand(kv.Value, variables));
    }
}
