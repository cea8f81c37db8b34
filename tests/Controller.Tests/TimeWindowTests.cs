using System.Net;
using Contracts.Plans;
using Controller.Planning;
using k8s.Models;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

public class TimeWindowTests
{
    private static TimeWindow Parse(string[] days, string start, string end, string zone = "")
    {
        Assert.True(TimeWindow.TryParse(new TimeWindowSpec { Days = days, StartTime = start, EndTime = end, TimeZone = zone }, out var w, out var error), error);
        return w;
    }

    [Theory]
    [InlineData("15:04", 15, 4, 0)]
    [InlineData("15:04:05", 15, 4, 5)]
    [InlineData("03:04pm", 15, 4, 0)]
    [InlineData("03:04am", 3, 4, 0)]
    [InlineData("12:00am", 0, 0, 0)]
    [InlineData("15", 15, 0, 0)]
    [InlineData("3pm", 15, 0, 0)]
    public void Time_layouts_parse(string text, int h, int m, int s)
    {
        Assert.True(TimeWindow.TryParseTime(text, out var t));
        Assert.Equal(new TimeSpan(h, m, s), t);
    }

    [Theory]
    [InlineData("0", DayOfWeek.Sunday)]
    [InlineData("6", DayOfWeek.Saturday)]
    [InlineData("su", DayOfWeek.Sunday)]
    [InlineData("Mon", DayOfWeek.Monday)]
    [InlineData("TUESDAY", DayOfWeek.Tuesday)]
    [InlineData("th", DayOfWeek.Thursday)]
    public void Day_names_and_numbers_parse(string text, DayOfWeek day)
    {
        Assert.True(TimeWindow.TryParseDay(text, out var d));
        Assert.Equal(day, d);
    }

    [Fact]
    public void Same_day_window_is_inclusive_at_both_ends()
    {
        var w = Parse(["thursday"], "10:00", "12:00");
        Assert.True(w.Contains(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero)));
        Assert.True(w.Contains(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero)));
        Assert.False(w.Contains(new DateTimeOffset(2026, 11, 26, 12, 0, 1, TimeSpan.Zero)));
        Assert.False(w.Contains(new DateTimeOffset(2026, 11, 27, 11, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Overnight_window_in_a_zone_runs_past_midnight()
    {
        // Berlin is UTC+1 in November. Window Thu and Fri 22:00-02:00 Berlin time.
        var w = Parse(["thu", "fri"], "22:00", "02:00", "Europe/Berlin");
        Assert.True(w.Contains(new DateTimeOffset(2026, 11, 26, 21, 30, 0, TimeSpan.Zero)));  // Thu 22:30 Berlin
        Assert.True(w.Contains(new DateTimeOffset(2026, 11, 27, 0, 30, 0, TimeSpan.Zero)));   // Fri 01:30 Berlin
        Assert.False(w.Contains(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero)));   // Fri 03:00 Berlin
        Assert.False(w.Contains(new DateTimeOffset(2026, 11, 26, 20, 30, 0, TimeSpan.Zero))); // Thu 21:30 Berlin
        Assert.False(w.Contains(new DateTimeOffset(2026, 11, 28, 23, 30, 0, TimeSpan.Zero))); // Sun 00:30 Berlin, Sunday not listed
    }

    [Fact]
    public void Weekday_is_taken_in_the_zone()
    {
        var w = Parse(["fri"], "00:00", "23:59:59", "Asia/Tokyo");
        Assert.True(w.Contains(new DateTimeOffset(2026, 11, 26, 16, 0, 0, TimeSpan.Zero))); // Thu 16:00 UTC = Fri 01:00 Tokyo
    }
}
