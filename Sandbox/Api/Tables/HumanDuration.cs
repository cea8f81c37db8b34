using System.Globalization;

namespace Sandbox.Api.Tables;

/// <summary>The AGE format of kubectl and kube-apiserver (apimachinery's <c>duration.HumanDuration</c>).</summary>
public static class HumanDuration
{
    public static string Format(TimeSpan d)
    {
        if (d < TimeSpan.FromSeconds(-1))
        {
            return "<invalid>";
        }

        if (d < TimeSpan.Zero)
        {
            return "0s";
        }

        var seconds = (long)d.TotalSeconds;
        var minutes = (long)d.TotalMinutes;
        var hours = (long)d.TotalHours;
        var days = hours / 24;
        var years = days / 365;
        string F(long v) => v.ToString(CultureInfo.InvariantCulture);

        if (seconds < 60 * 2)
        {
            return F(seconds) + "s";
        }

        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? F(minutes) + "m" : $"{F(minutes)}m{F(s)}s";
        }

        if (minutes < 60 * 3)
        {
            return F(minutes) + "m";
        }

        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? F(hours) + "h" : $"{F(hours)}h{F(m)}m";
        }

        if (hours < 48)
        {
            return F(hours) + "h";
        }

        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? F(days) + "d" : $"{F(days)}d{F(h)}h";
        }

        if (hours < 24 * 365 * 2)
        {
            return F(days) + "d";
        }

        if (hours < 24 * 365 * 8)
        {
            var dy = days % 365;
            return dy == 0 ? F(years) + "y" : $"{F(years)}y{F(dy)}d";
        }

        return F(years) + "y";
    }
}
