namespace Contracts.CommandLine;

/// <summary>An <see cref="OptionRow{TOptions}"/> of one value of type <typeparamref name="T"/>.</summary>
public sealed record TypedOptionRow<TOptions, T>(
    string? Flag,
    IReadOnlyList<string> Env,
    string Help,
    string Section,
    OptionParsers.Parser<T> Parse,
    Func<TOptions, T, TOptions> Set,
    Func<TOptions, object?> Get) : OptionRow<TOptions>(Flag, Env, Help, Section)
{
    public override TOptions Apply(TOptions options, IReadOnlyList<string> texts, ICollection<string> errors)
    {
        if (Parse(texts[^1], out var value, out var error))
        {
            return Set(options, value);
        }

        errors.Add($"{Label}: {error}");
        return options;
    }

    protected override object? DefaultValue(TOptions defaults) => Get(defaults);
}
