using System.Text;

namespace Contracts.CommandLine;

/// <summary>
/// A program's flags and environment variables, each once: parsing, lookups by name and the help text all
/// come from the rows. Flags win; the environment fills what they leave out; every problem is reported, not just the first.
/// </summary>
public sealed class OptionTable<TOptions>
    where TOptions : class
{
    private readonly Dictionary<string, OptionRow<TOptions>> _byFlag;

    public OptionTable(IReadOnlyList<OptionRow<TOptions>> rows, OptionSyntax? syntax = null)
    {
        Rows = rows;
        Syntax = syntax ?? new OptionSyntax();
        _byFlag = rows.Where(o => o.Flag is not null).ToDictionary(o => o.Flag!, StringComparer.Ordinal);
    }

    public IReadOnlyList<OptionRow<TOptions>> Rows { get; }

    public OptionSyntax Syntax { get; }

    /// <summary>The row of a flag, by its name without dashes.</summary>
    public OptionRow<TOptions> Flag(string name) =>
        _byFlag.TryGetValue(name, out var row) ? row : throw new KeyNotFoundException($"no flag --{name} in the table");

    /// <param name="start">the options before any flag (a default instance, or one with the required values blanked)</param>
    /// <param name="check">rules across rows, run on the parsed options; they add to the errors and may complete the options</param>
    public OptionParseResult<TOptions> Parse(
        IReadOnlyList<string> args,
        Func<string, string?> environment,
        TOptions start,
        Func<TOptions, ICollection<string>, TOptions>? check = null)
    {
        var errors = new List<string>();
        var given = new Dictionary<OptionRow<TOptions>, List<string>>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (Syntax.HelpWords.Contains(arg))
            {
                return new OptionParseResult<TOptions>(null, [], Help: true);
            }

            if (!arg.StartsWith(Syntax.SingleDash ? "-" : "--", StringComparison.Ordinal))
            {
                errors.Add($"unexpected argument \"{arg}\"");
                continue;
            }

            var body = Syntax.SingleDash ? arg.TrimStart('-') : arg[2..];
            var eq = body.IndexOf('=', StringComparison.Ordinal);
            var name = eq >= 0 ? body[..eq] : body;
            string? value;
            if (!_byFlag.TryGetValue(name, out var row))
            {
                errors.Add($"unknown flag --{name}");
                continue;
            }

            if (eq >= 0)
            {
                value = body[(eq + 1)..];
            }
            else if (row.IsSwitch)
            {
                // As Go's flag package: a switch alone is true; false needs --flag=false.
                value = "true";
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                errors.Add($"flag --{name} needs a value");
                continue;
            }

            if (!given.TryGetValue(row, out var list))
            {
                given[row] = list = [];
            }

            list.Add(value);
        }

        var options = start;
        foreach (var row in Rows)
        {
            var texts = Texts(row, given.GetValueOrDefault(row), environment, errors);
            if (texts.Count == 0)
            {
                if (row.Required)
                {
                    errors.Add($"{row.Label} is required");
                }

                continue;
            }

            options = row.Apply(options, texts, errors);
        }

        if (check is not null)
        {
            options = check(options, errors);
        }

        return new OptionParseResult<TOptions>(errors.Count == 0 ? options : null, errors, Help: false);
    }

    // An empty value counts as not given, as it does for the reference's variables; a repeatable row keeps empty items.
    private IReadOnlyList<string> Texts(OptionRow<TOptions> row, List<string>? flags, Func<string, string?> environment, List<string> errors)
    {
        if (flags is not null)
        {
            if (row.Repeatable)
            {
                return flags;
            }

            if (flags.Count > 1 && Syntax.RepeatIsError)
            {
                errors.Add($"--{row.Flag}: given {flags.Count} times, but takes one value");
                return [];
            }

            return flags[^1].Length == 0 ? [] : [flags[^1]];
        }

        var text = row.Env.Select(environment).FirstOrDefault(e => !string.IsNullOrEmpty(e));
        return text is null ? [] : row.Repeatable ? text.Split(',', StringSplitOptions.TrimEntries) : [text];
    }

    /// <summary>The flag and variable part of the help text, written from the rows with each default read from <paramref name="defaults"/>.</summary>
    public string Help(TOptions defaults)
    {
        var sb = new StringBuilder();
        if (Syntax.HelpColumn > 0)
        {
            foreach (var row in Rows)
            {
                var names = row.Flag is null ? row.Env[0] : "--" + row.Flag + (row.ValueName is null ? "" : " " + row.ValueName);
                var env = row.Flag is null || row.Env.Count == 0 ? "" : $"[{string.Join(", ", row.Env)}] ";
                // A name too long for its column, and every further line of a help text, start under the column.
                var indent = new string(' ', Syntax.HelpColumn + 3);
                sb.Append("  ").Append(names.PadRight(Syntax.HelpColumn)).Append(names.Length > Syntax.HelpColumn ? "\n" + indent : " ")
                    .Append(env).Append(row.Help.Replace("\n", "\n" + indent, StringComparison.Ordinal))
                    .Append(" (").Append(Fallback(row, defaults)).AppendLine(")");
            }

            return sb.ToString();
        }

        foreach (var section in Rows.GroupBy(o => o.Section))
        {
            sb.AppendLine().Append(section.Key).AppendLine(":");
            foreach (var row in section)
            {
                var names = string.Join(", ", new[] { row.Flag is null ? null : "--" + row.Flag }.Concat(row.Env).OfType<string>());
                sb.Append("  ").AppendLine(names).Append("      ").Append(row.Help).Append(" (").Append(Fallback(row, defaults)).AppendLine(")");
            }
        }

        return sb.ToString();
    }

    private static string Fallback(OptionRow<TOptions> row, TOptions defaults) =>
        row.Required ? "required" : $"default {row.DefaultText(defaults)}";
}
