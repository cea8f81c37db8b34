using System.Net;
using Contracts.Plans;
using Controller.Planning;
using k8s.Models;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

public class PlanValidationTests
{
    private static string? Validate(Action<PlanSpec> configure, params string[] secrets) =>
        PlanValidation.Validate(Plan(configure: configure).Spec, secrets.Contains);

    [Fact]
    public void Valid_plan_has_no_problem() => Assert.Null(Validate(_ => { }));

    [Fact]
    public void Drain_with_both_delete_options_is_refused() =>
        Assert.Equal("spec.drain cannot specify both deleteEmptydirData and deleteLocalData",
            Validate(s => s.Drain = new DrainSpec { DeleteEmptydirData = true, DeleteLocalData = true }));

    [Fact]
    public void Drain_pod_selector_must_be_selectable() =>
        Assert.Equal("spec.drain.podSelector is not selectable",
            Validate(s => s.Drain = new DrainSpec { PodSelector = new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "a", OperatorProperty = "Bogus" }] } }));

    [Theory]
    [InlineData("funday", "10:00", "11:00", "", "spec.window is invalid: invalid weekday: funday")]
    [InlineData("mon", "25:00", "11:00", "", "spec.window is invalid: invalid start time: 25:00")]
    [InlineData("mon", "10:00", "noon", "", "spec.window is invalid: invalid end time: noon")]
    [InlineData("mon", "10:00", "11:00", "Mars/Olympus", "spec.window is invalid: unknown time zone Mars/Olympus")]
    public void Window_that_does_not_parse_says_why(string day, string start, string end, string zone, string message) =>
        Assert.Equal(message, Validate(s => s.Window = new TimeWindowSpec { Days = [day], StartTime = start, EndTime = end, TimeZone = zone }));

    [Fact]
    public void Negative_post_complete_delay_is_refused() =>
        Assert.Equal("spec.postCompleteDelay is negative", Validate(s => s.PostCompleteDelay = "-30s"));

    [Fact]
    public void Missing_secret_is_named_unless_ignored()
    {
        Assert.Equal("spec.secrets: secret creds not found", Validate(s => s.Secrets = [new SecretSpec { Name = "creds" }]));
        Assert.Null(Validate(s => s.Secrets = [new SecretSpec { Name = "creds", IgnoreUpdates = true }]));
        Assert.Null(Validate(s => s.Secrets = [new SecretSpec { Name = "creds" }], "creds"));
    }
}
