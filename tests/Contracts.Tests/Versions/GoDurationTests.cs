using Contracts.Versions;

namespace Contracts.Tests.Versions;

public class GoDurationTests
{
    [Theory]
    [InlineData("300ms", 300 * TimeSpan.TicksPerMillisecond)]
    [InlineData("1m30s", 90 * TimeSpan.TicksPerSecond)]
    [InlineData("-30s", -30 * TimeSpan.TicksPerSecond)]
    [InlineData("+5s", 5 * TimeSpan.TicksPerSecond)]
    [InlineData("1.5h", 90 * TimeSpan.TicksPerMinute)]
    [InlineData("15m", 15 * TimeSpan.TicksPerMinute)]
    [InlineData("1h30m", 90 * TimeSpan.TicksPerMinute)]
    [InlineData("2h45m30.5s", (2 * 3600 + 45 * 60 + 30) * TimeSpan.TicksPerSecond + 5 * TimeSpan.TicksPerSecond / 10)]
    [InlineData("0", 0L)]
    [InlineData("-0", 0L)]
    [InlineData("0s", 0L)]
    [InlineData(".5s", 5 * TimeSpan.TicksPerSecond / 10)]
    [InlineData("1.s", TimeSpan.TicksPerSecond)]
    [InlineData("100ns", 1L)]
    [InlineData("150ns", 1L)]
    [InlineData("1us", 10L)]
    [InlineData("1\u00b5s", 10L)]
    [InlineData("1\u03bcs", 10L)]
    [InlineData("1h1h", 2 * TimeSpan.TicksPerHour)]
    public void Parses_like_Go(string text, long ticks) =>
        Assert.Equal(TimeSpan.FromTicks(ticks), GoDuration.Parse(text));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("1", "missing unit")]
    [InlineData("10", "missing unit")]
    [InlineData("1x", "unknown unit \"x\"")]
    [InlineData("1 s", "unknown unit \" s\"")]
    [InlineData("s", "invalid duration")]
    [InlineData("-", "invalid duration")]
    [InlineData(".s", "invalid duration")]
    [InlineData("1h-30m", "unknown unit \"h-\"")]
    [InlineData("9999999999h", "out of range")]
    public void Bad_input_is_a_clear_error(string text, string expected)
    {
        Assert.False(GoDuration.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains($"\"{text}\"", error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => GoDuration.Parse(text));
    }

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(300 * TimeSpan.TicksPerMillisecond, "300ms")]
    [InlineData(90 * TimeSpan.TicksPerSecond, "1m30s")]
    [InlineData(-30 * TimeSpan.TicksPerSecond, "-30s")]
    [InlineData(90 * TimeSpan.TicksPerMinute, "1h30m0s")]
    [InlineData(TimeSpan.TicksPerHour, "1h0m0s")]
    [InlineData(15 * TimeSpan.TicksPerMinute, "15m0s")]
    [InlineData(15 * TimeSpan.TicksPerSecond / 10, "1.5s")]
    [InlineData(2 * TimeSpan.TicksPerMinute + 5 * TimeSpan.TicksPerSecond / 10, "2m0.5s")]
    [InlineData(15 * TimeSpan.TicksPerMillisecond / 10, "1.5ms")]
    [InlineData(20L, "2\u00b5s")]
    [InlineData(1L, "100ns")]
    [InlineData(25 * TimeSpan.TicksPerHour, "25h0m0s")]
    public void Formats_like_Go(long ticks, string expected) =>
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromTicks(ticks)));

    [Theory]
    [InlineData("1h30m0s")]
    [InlineData("1.5s")]
    [InlineData("-2m0.25s")]
    [InlineData("300ms")]
    public void Formatted_text_parses_back(string text) =>
        Assert.Equal(text, GoDuration.Format(GoDuration.Parse(text)));
}
