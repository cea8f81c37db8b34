namespace Controller.Options;

/// <summary>A <see cref="ControllerOption"/> of one value type.</summary>
public sealed record TypedControllerOption<T>(
    string? Flag,
    IReadOnlyList<string> Env,
    string Help,
    string Section,
    OptionParsers.Parser<T> Parse,
    Func<ControllerOptions, T, ControllerOptions> Set,
    Func<ControllerOptions, object?> Get) : ControllerOption(Flag, Env, Help, Section)
{
    public override ControllerOptions Apply(ControllerOptions options, string text, out string? error) =>
        Parse(text, out var value, out error) ? Set(options, value) : options;

    public override string DefaultText(ControllerOptions defaults) => Get(defaults) switch
    {
        null => "(none)",
        bool b => b ? "true" : "false",
        TimeSpan t => Contracts.Versions.GoDuration.Format(t),
        var v => v.ToString() is { Length: > 0 } s ? s : "(none)",
    };
}
