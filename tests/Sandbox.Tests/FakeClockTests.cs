using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using TestSupport;

namespace Sandbox.Tests;

/// <summary>Simulated time comes from the TimeProvider: hour-long deadlines and TTLs pass in an instant.</summary>
public sealed class FakeClockTests
{
    private static V1Job SleepingJob(string name, long? deadline = null, int? ttl = null, string command = "sleep 7200") => new()
    {
        Metadata = new() { Name = name },
        Spec = new V1JobSpec
        {
            ActiveDeadlineSeconds = deadline,
            TtlSecondsAfterFinished = ttl,
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec
                {
                    RestartPolicy = "Never",
                    Containers = [new V1Container { Name = "main", Image = "busybox", Command = ["sh", "-c", command] }],
                },
            },
        },
    };

    [Fact]
    public async Task An_hour_long_deadline_passes_when_the_clock_is_advanced()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var sandbox = await TestSandbox.StartAsync(o => o.TimeProvider = clock);
        var k = sandbox.Client;
        await k.BatchV1.CreateNamespacedJobAsync(SleepingJob("long", deadline: 3600), "default");
        await Eventually.UntilAsync(async () =>
            (await k.CoreV1.ListNamespacedPodAsync("default")).Items.SingleOrDefault()?.Status?.Phase == "Running", "the pod to run");

        clock.Advance(TimeSpan.FromMinutes(59));
        var job = await k.BatchV1.ReadNamespacedJobAsync("long", "default");
        Assert.DoesNotContain(job.Status.Conditions ?? [], c => c.Type == "Failed");
        Assert.Equal(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), job.Status.StartTime);

        clock.Advance(TimeSpan.FromMinutes(2));
        await Eventually.UntilAsync(async () =>
            (await k.BatchV1.ReadNamespacedJobAsync("long", "default")).Status.Conditions?.Any(c => c.Type == "Failed" && c.Reason == "DeadlineExceeded") == true,
            "DeadlineExceeded");
        var failed = (await k.BatchV1.ReadNamespacedJobAsync("long", "default")).Status.Conditions.Single(c => c.Type == "Failed");
        Assert.Equal(new DateTime(2025, 1, 1, 1, 1, 0, DateTimeKind.Utc), failed.LastTransitionTime);
    }

    [Fact]
    public async Task A_finished_job_outlives_its_TTL_only_until_the_clock_passes_it()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var sandbox = await TestSandbox.StartAsync(o => o.TimeProvider = clock);
        var k = sandbox.Client;
        await k.BatchV1.CreateNamespacedJobAsync(SleepingJob("short", ttl: 900, command: "sleep 60"), "default");
        await Eventually.UntilAsync(async () =>
            (await k.CoreV1.ListNamespacedPodAsync("default")).Items.SingleOrDefault()?.Status?.Phase == "Running", "the pod to run");
        clock.Advance(TimeSpan.FromSeconds(61));
        await Eventually.UntilAsync(async () =>
            (await k.BatchV1.ReadNamespacedJobAsync("short", "default")).Status.Conditions?.Any(c => c.Type == "Complete") == true, "completion");

        clock.Advance(TimeSpan.FromSeconds(899));
        Assert.Single((await k.BatchV1.ListNamespacedJobAsync("default")).Items);
        clock.Advance(TimeSpan.FromSeconds(2));
        await Eventually.UntilAsync(async () => (await k.BatchV1.ListNamespacedJobAsync("default")).Items.Count == 0, "the TTL deletion");
    }
}
