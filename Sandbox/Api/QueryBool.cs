using Microsoft.Extensions.Primitives;

namespace Sandbox.Api;

/// <summary>
/// A boolean query parameter read as kube-apiserver's parameter codec reads one (apimachinery's
/// string-slice-to-bool conversion, used for <c>watch</c>, <c>allowWatchBookmarks</c>, <c>follow</c>,
/// <c>timestamps</c>, <c>previous</c>, <c>orphanDependents</c>...): absent, <c>0</c> and <c>false</c> in any
/// case are false; every other value, the empty one included, is true. This is deliberately not Go's
/// <c>strconv.ParseBool</c>: the API server never answers 400 for <c>watch=yes</c>, it watches.
/// </summary>
public static class QueryBool
{
    public static bool Read(StringValues values)
    {
        if (values.Count == 0)
        {
            return false;
        }

        var first = values[0] ?? "";
        return !(first == "0" || first.Equals("false", StringComparison.OrdinalIgnoreCase));
    }
}
