namespace Contracts.CommandLine;

/// <summary>
/// One row of an <see cref="OptionTable{TOptions}"/>: a flag and/or environment variables (the first the reference's,
/// later ones read only when it is empty), its help, and how its text becomes part of <typeparamref name="TOptions"/>.
/// </summary>
public abstract record OptionRow<TOptions>(string? Flag, IReadOnlyList<string> Env, string Help, string Section)
{
    /// <summary>Given alone it means true; a value needs <c>--flag=value</c>.</summary>
    public bool IsSwitch { get; init; }

    public bool Required { get; init; }

    /// <summary>Each occurrence adds one value; its variable holds a comma-separated list.</summary>
    public virtual bool Repeatable => false;

    /// <summary>For a default decided at parse time (a path, a fallback): what help says instead of the default instance's value.</summary>
    public string? DefaultNote { get; init; }

    /// <summary>What help shows after the flag, as in <c>--servers N</c>.</summary>
    public string? ValueName { get; init; }

    /// <summary>How errors name it: <c>--flag (ENV)</c>, or the variable alone.</summary>
    public string Label => Flag is null ? Env[0] : Env.Count == 0 ? $"--{Flag}" : $"--{Flag} ({Env[0]})";

    /// <summary>The options with these values applied (one unless <see cref="Repeatable"/>); each bad value adds an error.</summary>
    public abstract TOptions Apply(TOptions options, IReadOnlyList<string> texts, ICollection<string> errors);

    /// <summary>The default, as help shows it, read from a default instance (never written twice).</summary>
    public string DefaultText(TOptions defaults) => DefaultNote ?? Show(DefaultValue(defaults));

    protected abstract object? DefaultValue(TOptions defaults);

    private static string Show(object? value) => value switch
    {
        null => "(none)",
        bool b => b ? "true" : "false",
        TimeSpan t => Versions.GoDuration.Format(t),
        System.Collections.IEnumerable list and not string => string.Join(",", list.Cast<object?>().Select(Show)) is { Length: > 0 } joined ? joined : "(none)",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        var v => v.ToString() is { Length: > 0 } s ? s : "(none)",
    };
}
