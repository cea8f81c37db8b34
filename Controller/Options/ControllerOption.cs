namespace Controller.Options;

/// <summary>
/// One row of <see cref="ControllerOptionTable"/>: a flag and/or environment variables (the first the reference's,
/// later ones read only when it is empty), its help, and how its text becomes part of <see cref="ControllerOptions"/>.
/// </summary>
public abstract record ControllerOption(string? Flag, IReadOnlyList<string> Env, string Help, string Section)
{
    public bool IsSwitch { get; init; }
    public bool Required { get; init; }

    /// <summary>How errors name it: <c>--flag (ENV)</c>, or the variable alone.</summary>
    public string Label => Flag is null ? Env[0] : Env.Count == 0 ? $"--{Flag}" : $"--{Flag} ({Env[0]})";

    /// <summary>The options with this value applied, or the reason the text is no value.</summary>
    public abstract ControllerOptions Apply(ControllerOptions options, string text, out string? error);

    /// <summary>The default, as help shows it, read from a default instance (never written twice).</summary>
    public abstract string DefaultText(ControllerOptions defaults);
}
