using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api;

/// <summary>
/// What a write request asks beyond its body, as kube-apiserver's Create/Update/Patch/DeleteOptions carry
/// it: <c>dryRun</c> (empty, or <c>All</c>: run everything, store nothing) and <c>fieldValidation</c> for
/// fields a CRD's schema does not declare (<c>Ignore</c>, <c>Warn</c> (the default: pruned, with a warning),
/// <c>Strict</c>: refused). The warnings the write produced come back in <see cref="Warnings"/>.
/// </summary>
public sealed class WriteOptions
{
    public bool DryRun { get; init; }
    public string FieldValidation { get; init; } = "Warn";
    public List<string> Warnings { get; } = [];

    /// <summary>Reads the query (and, for deletes, the DeleteOptions body); an unsupported value is 422 on the options kind.</summary>
    public static WriteOptions Read(IQueryCollection query, string optionsKind, JsonNode? bodyDryRun = null)
    {
        var dryRun = query["dryRun"].Where(v => v is not null).Select(v => v!).Concat(bodyDryRun.Strings()).ToList();
        foreach (var value in dryRun.Where(v => v != "All"))
        {
            throw Unsupported(optionsKind, "dryRun", value, "\"All\"");
        }

        var validation = query["fieldValidation"] is { Count: > 0 } v ? v[0] ?? "" : "";
        if (validation is not ("" or "Ignore" or "Warn" or "Strict"))
        {
            throw Unsupported(optionsKind, "fieldValidation", validation, "\"\", \"Ignore\", \"Strict\", \"Warn\"");
        }

        return new WriteOptions { DryRun = dryRun.Count > 0, FieldValidation = validation.Length == 0 ? "Warn" : validation };
    }

    private static ApiException Unsupported(string optionsKind, string field, string value, string supported)
    {
        var message = $"Unsupported value: \"{value}\": supported values: {supported}";
        return new ApiException(422, "Invalid", $"{optionsKind}.meta.k8s.io \"\" is invalid: {field}: {message}", new JsonObject
        {
            ["group"] = "meta.k8s.io",
            ["kind"] = optionsKind,
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueNotSupported", ["message"] = message, ["field"] = field }),
        });
    }
}
