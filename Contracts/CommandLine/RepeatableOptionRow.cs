namespace Contracts.CommandLine;

/// <summary>
/// An <see cref="OptionRow{TOptions}"/> given any number of times: the values replace the default as a whole,
/// in the order given; every bad one is reported.
/// </summary>
public sealed record RepeatableOptionRow<TOptions, T>(
    string? Flag,
    IReadOnlyList<string> Env,
    string Help,
    string Section,
    OptionParsers.Parser<T> Parse,
    Func<TOptions, IReadOnlyList<T>, TOptions> Set,
    Func<TOptions, object?> Get) : OptionRow<TOptions>(Flag, Env, Help, Section)
{
    public override bool Repeatable => true;

    /// <summary>A rule over all the values together (no value twice, say); each problem it returns is an error.</summary>
    public Func<IReadOnlyList<T>, IEnumerable<string>>? CheckAll { get; init; }

    public override TOptions Apply(TOptions options, IReadOnlyList<string> texts, ICollection<string> errors)
    {
        var values = new List<T>(texts.Count);
        var bad = false;
        foreach (var text in texts)
        {
            if (Parse(text, out var value, out var error))
            {
                values.Add(value);
            }
            else
            {
                errors.Add($"{Label}: {error}");
                bad = true;
            }
        }

        foreach (var problem in bad || CheckAll is null ? [] : CheckAll(values))
        {
            errors.Add($"{Label}: {problem}");
            bad = true;
        }

        return bad ? options : Set(options, values);
    }

    protected override object? DefaultValue(TOptions defaults) => Get(defaults);
}
