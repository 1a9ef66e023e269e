using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace DaprChannels.BuildingBlocks.Tests.Workflows;

public sealed class EmbeddedWorkflowRunnerTests
{
    [Fact]
    public async Task A_workflow_with_two_activities_completes_and_runs_each_activity_once_across_its_replays()
    {
        var probe = new WorkflowProbe();
        await using var host = await WorkflowTestHost.StartAsync(probe);

        await host.Engine.StartAsync(nameof(GreetingWorkflow), "greet-1", "ada");
        var done = await host.WaitForEndAsync("greet-1");

        done.Status.Should().Be(WorkflowInstanceStatus.Completed);
        done.WorkflowName.Should().Be(nameof(GreetingWorkflow));
        done.Input!.Value.GetString().Should().Be("ada");
        done.Output!.Value.GetString().Should().Be("HELLO ADA");
        probe.RunsOf(nameof(GreetActivity)).Should().Be(1);
        probe.RunsOf(nameof(ShoutActivity)).Should().Be(1);
    }

    [Fact]
    public async Task Starting_an_id_that_is_running_is_refused_and_a_finished_id_can_be_started_again()
    {
        var probe = new WorkflowProbe { Gate = WorkflowProbe.Closed() };
        await using var host = await WorkflowTestHost.StartAsync(probe);
        await host.Engine.StartAsync(nameof(GatedWorkflow), "once", "x");

        var again = () => host.Engine.StartAsync(nameof(GatedWorkflow), "once", "y");

        await again.Should().ThrowAsync<WorkflowInstanceExistsException>();
        probe.Gate.SetResult();
        (await host.WaitForEndAsync("once")).Output!.Value.GetString().Should().Be("hello x!");
        await host.Engine.StartAsync(nameof(GreetingWorkflow), "once", "z");
        (await host.WaitForEndAsync("once")).Output!.Value.GetString().Should().Be("HELLO Z");
    }

    [Fact]
    public async Task A_retry_policy_retries_a_failing_activity_on_durable_timers_until_it_succeeds()
    {
        var (done, probe) = await RunRetryingAsync("retry-ok", failuresBeforeSuccess: 2);

        done.Output!.Value.GetString().Should().Be("job after 3");
        probe.RunsOf(nameof(FlakyActivity)).Should().Be(3);
    }

    [Fact]
    public async Task A_retry_policy_gives_up_after_its_attempts_with_the_failure_Dapr_reports()
    {
        var (done, probe) = await RunRetryingAsync("retry-fail", failuresBeforeSuccess: 10);

        done.Status.Should().Be(WorkflowInstanceStatus.Completed);
        done.Output!.Value.GetString().Should().Be($"gave up: attempt 3 failed ({typeof(InvalidOperationException).FullName})");
        probe.RunsOf(nameof(FlakyActivity)).Should().Be(3);
    }

    [Fact]
    public async Task A_retry_waits_for_its_backoff_interval_before_the_next_attempt()
    {
        var clock = new FakeTimeProvider();
        var probe = new WorkflowProbe { FailuresBeforeSuccess = 1 };
        await using var host = await WorkflowTestHost.StartAsync(probe, clock);

        await host.Engine.StartAsync(nameof(RetryingWorkflow), "retry-wait", "job");
        await WorkflowTestHost.EventuallyAsync(() => probe.RunsOf(nameof(FlakyActivity)) == 1);
        await Task.Delay(300);
        probe.RunsOf(nameof(FlakyActivity)).Should().Be(1, "the first retry interval (10 s) has not passed on the clock");

        clock.Advance(TimeSpan.FromSeconds(11));
        (await host.WaitForEndAsync("retry-wait")).Output!.Value.GetString().Should().Be("job after 2");
    }

    [Fact]
    public async Task A_durable_timer_fires_when_the_clock_reaches_it_and_the_workflow_sees_that_time()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        await using var host = await WorkflowTestHost.StartAsync(clock: clock);

        await host.Engine.StartAsync(nameof(SleepingWorkflow), "sleep", 30);
        await host.WaitForAsync("sleep", i => i.Status == WorkflowInstanceStatus.Running);
        await Task.Delay(300);
        (await host.Engine.GetAsync("sleep"))!.Status.Should().Be(WorkflowInstanceStatus.Running);

        clock.Advance(TimeSpan.FromMinutes(31));
        var done = await host.WaitForEndAsync("sleep");

        done.Output!.Value.GetDateTime().Should().Be(new DateTime(2026, 5, 1, 8, 31, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task A_timer_months_away_keeps_the_runner_serving_other_instances_and_still_fires()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        await using var host = await WorkflowTestHost.StartAsync(clock: clock);
        var sixtyDays = (int)TimeSpan.FromDays(60).TotalMinutes;

        await host.Engine.StartAsync(nameof(SleepingWorkflow), "long-sleep", sixtyDays);
        await host.WaitForAsync("long-sleep", i => i.Status == WorkflowInstanceStatus.Running);
        await host.Engine.StartAsync(nameof(GreetingWorkflow), "after-long-sleep", "ada");

        (await host.WaitForEndAsync("after-long-sleep")).Status.Should().Be(WorkflowInstanceStatus.Completed);
        (await host.Engine.GetAsync("long-sleep"))!.Status.Should().Be(WorkflowInstanceStatus.Running);

        clock.Advance(TimeSpan.FromDays(61));
        (await host.WaitForEndAsync("long-sleep")).Status.Should().Be(WorkflowInstanceStatus.Completed);
    }

    [Fact]
    public async Task A_durable_timer_fires_after_a_restart()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        string directory;
        await using (var first = await WorkflowTestHost.StartAsync(clock: clock, deleteDirectory: false))
        {
            directory = first.Directory;
            await first.Engine.StartAsync(nameof(SleepingWorkflow), "sleep-restart", 10);
            await first.WaitForAsync("sleep-restart", i => i.Status == WorkflowInstanceStatus.Running);
        }

        clock.Advance(TimeSpan.FromMinutes(11));
        await using var second = await WorkflowTestHost.StartAsync(clock: clock, directory: directory);

        (await second.WaitForEndAsync("sleep-restart")).Status.Should().Be(WorkflowInstanceStatus.Completed);
    }

    [Fact]
    public async Task An_event_raised_before_the_workflow_waits_for_it_is_kept_for_the_wait()
    {
        var probe = new WorkflowProbe { Gate = WorkflowProbe.Closed() };
        await using var host = await WorkflowTestHost.StartAsync(probe);
        await StartApprovalAtItsGateAsync(host, probe, "early");

        await host.Engine.RaiseEventAsync("early", "approved", "grace");
        probe.Gate.SetResult();

        (await host.WaitForEndAsync("early")).Output!.Value.GetString().Should().Be("approved by grace");
    }

    [Fact]
    public async Task An_event_raised_while_the_workflow_waits_resumes_it_and_custom_status_is_visible_meanwhile()
    {
        await using var host = await WorkflowTestHost.StartAsync();
        var waiting = await StartApprovalAwaitingItAsync(host, "waiting");
        waiting.Status.Should().Be(WorkflowInstanceStatus.Running);
        await host.Engine.RaiseEventAsync("waiting", "approved", "alan");

        var done = await host.WaitForEndAsync("waiting");
        done.Output!.Value.GetString().Should().Be("approved by alan");
        done.CustomStatus!.Value.GetProperty("stage").GetString().Should().Be("awaiting approval");
    }

    [Fact]
    public async Task A_wait_for_an_event_times_out_on_its_durable_timer_with_TaskCanceledException()
    {
        var clock = new FakeTimeProvider();
        await using var host = await WorkflowTestHost.StartAsync(clock: clock);
        await StartApprovalAwaitingItAsync(host, "late");

        clock.Advance(TimeSpan.FromMinutes(11));
        var done = await host.WaitForEndAsync("late");

        done.Output!.Value.GetString().Should().Be("timed out");
    }

    [Fact]
    public async Task Continue_as_new_restarts_with_the_new_input_and_carries_events_no_wait_took()
    {
        await using var host = await WorkflowTestHost.StartAsync();
        await host.Engine.StartAsync(nameof(TallyWorkflow), "tally", new Tally(3, 0));

        await host.Engine.RaiseEventAsync("tally", "add", 1);
        await host.Engine.RaiseEventAsync("tally", "add", 10);
        await host.Engine.RaiseEventAsync("tally", "add", 100);
        var done = await host.WaitForEndAsync("tally");

        done.Status.Should().Be(WorkflowInstanceStatus.Completed);
        done.Output!.Value.GetInt32().Should().Be(111);
        done.Input!.Value.GetProperty("remaining").GetInt32().Should().Be(0, "the input is the last execution's");
    }

    [Fact]
    public async Task A_terminated_instance_stops_and_ignores_later_events()
    {
        var probe = new WorkflowProbe { Gate = WorkflowProbe.Closed() };
        await using var host = await WorkflowTestHost.StartAsync(probe);
        await StartApprovalAtItsGateAsync(host, probe, "stop-me");

        await host.Engine.TerminateAsync("stop-me", "no longer needed");
        probe.Gate.SetResult();
        await host.Engine.RaiseEventAsync("stop-me", "approved", "nobody");
        await Task.Delay(300);

        var stopped = await host.Engine.GetAsync("stop-me");
        stopped!.Status.Should().Be(WorkflowInstanceStatus.Terminated);
        stopped.Output!.Value.GetString().Should().Be("no longer needed");
        stopped.CustomStatus!.Value.GetProperty("stage").GetString().Should().Be("preparing");
    }

    [Fact]
    public async Task Code_that_no_longer_matches_its_history_fails_the_instance_as_non_deterministic()
    {
        var probe = new WorkflowProbe { Gate = WorkflowProbe.Closed() };
        await using var host = await WorkflowTestHost.StartAsync(probe);
        await host.Engine.StartAsync(nameof(BranchingWorkflow), "drift", "x");
        await WorkflowTestHost.EventuallyAsync(() => probe.RunsOf(nameof(GatedActivity)) == 1);

        BranchingWorkflow.TakeOtherBranch = true;
        probe.Gate.SetResult();
        var failed = await host.WaitForEndAsync("drift");

        failed.Status.Should().Be(WorkflowInstanceStatus.Failed);
        failed.FailureMessage.Should().Contain("Non-deterministic").And.Contain(nameof(GatedActivity)).And.Contain(nameof(ShoutActivity));
        probe.RunsOf(nameof(GreetActivity)).Should().Be(0);
    }

    [Fact]
    public async Task An_unknown_workflow_fails_with_a_clear_message_and_an_unknown_instance_reads_as_null()
    {
        await using var host = await WorkflowTestHost.StartAsync();

        await host.Engine.StartAsync("NoSuchWorkflow", "nobody", null);
        var failed = await host.WaitForEndAsync("nobody");

        failed.Status.Should().Be(WorkflowInstanceStatus.Failed);
        failed.FailureMessage.Should().Contain("NoSuchWorkflow");
        (await host.Engine.GetAsync("never-started")).Should().BeNull();
    }

    [Fact]
    public async Task Events_sent_by_a_workflow_reach_the_other_instance_and_its_guids_are_the_same_on_every_replay()
    {
        await using var host = await WorkflowTestHost.StartAsync();
        await StartApprovalAwaitingItAsync(host, "receiver");

        await host.Engine.StartAsync(nameof(RelayWorkflow), "sender", "receiver");

        var guids = (await host.WaitForEndAsync("sender")).Output!.Value.GetString()!.Split('|');
        guids.Should().HaveCount(2).And.OnlyHaveUniqueItems();
        (await host.WaitForEndAsync("receiver")).Output!.Value.GetString().Should().Be($"approved by hello {guids[0]}",
            "the GUID the first step handed to the activity is the one the last replay computed");
    }

    [Fact]
    public async Task A_killed_host_resumes_the_workflow_on_restart_without_rerunning_completed_activities()
    {
        var probe = new WorkflowProbe { Gate = WorkflowProbe.Closed() };
        string directory;
        await using (var first = await WorkflowTestHost.StartAsync(probe, deleteDirectory: false))
        {
            directory = first.Directory;
            await first.Engine.StartAsync(nameof(GatedWorkflow), "saga", "crash");
            await WorkflowTestHost.EventuallyAsync(() => probe.RunsOf(nameof(GatedActivity)) == 1);
        }

        probe.Gate = WorkflowProbe.Open();
        await using var second = await WorkflowTestHost.StartAsync(probe, directory: directory);
        var done = await second.WaitForEndAsync("saga");

        done.Status.Should().Be(WorkflowInstanceStatus.Completed);
        done.Output!.Value.GetString().Should().Be("hello crash!");
        probe.RunsOf(nameof(GreetActivity)).Should().Be(1, "its result was recorded before the host stopped");
        probe.RunsOf(nameof(GatedActivity)).Should().Be(2, "an activity cut short runs again: at least once, as under Dapr");
    }

    [Fact]
    public async Task Concurrent_events_are_applied_one_step_at_a_time()
    {
        await using var host = await WorkflowTestHost.StartAsync();
        await host.Engine.StartAsync(nameof(TallyWorkflow), "busy", new Tally(20, 0));

        await Task.WhenAll(Enumerable.Range(1, 20).Select(i => host.Engine.RaiseEventAsync("busy", "add", i)));
        var done = await host.WaitForEndAsync("busy");

        done.Output!.Value.GetInt32().Should().Be(Enumerable.Range(1, 20).Sum());
    }

    [Fact]
    public async Task Finished_instances_are_purged_after_the_retention_and_running_ones_are_kept()
    {
        var clock = new FakeTimeProvider();
        var probe = new WorkflowProbe { Gate = WorkflowProbe.Closed() };
        await using var host = await WorkflowTestHost.StartAsync(probe, clock);
        await host.Engine.StartAsync(nameof(GreetingWorkflow), "old", "x");
        await host.WaitForEndAsync("old");
        await host.Engine.StartAsync(nameof(GatedWorkflow), "still-running", "y");
        await WorkflowTestHost.EventuallyAsync(() => probe.RunsOf(nameof(GatedActivity)) == 1);
        var maintenance = host.Services.GetServices<IHostedService>().OfType<EmbeddedMaintenanceService>().Single();

        (await maintenance.PurgeFinishedWorkflowsAsync(CancellationToken.None)).Should().Be(0, "seven days have not passed");
        clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        (await maintenance.PurgeFinishedWorkflowsAsync(CancellationToken.None)).Should().Be(1);

        (await host.Engine.GetAsync("old")).Should().BeNull();
        (await host.Engine.GetAsync("still-running"))!.Status.Should().Be(WorkflowInstanceStatus.Running);
        probe.Gate.SetResult();
    }

    /// <summary>
    /// Runs <see cref="RetryingWorkflow"/> over an activity that fails <paramref name="failuresBeforeSuccess"/> times,
    /// moving the clock on until the workflow ends.
    /// </summary>
    private static async Task<(WorkflowInstance Done, WorkflowProbe Probe)> RunRetryingAsync(string instanceId, int failuresBeforeSuccess)
    {
        var clock = new FakeTimeProvider();
        var probe = new WorkflowProbe { FailuresBeforeSuccess = failuresBeforeSuccess };
        await using var host = await WorkflowTestHost.StartAsync(probe, clock);

        await host.Engine.StartAsync(nameof(RetryingWorkflow), instanceId, "job");
        return (await host.WaitForEndAsync(instanceId, advance: clock, step: TimeSpan.FromSeconds(5)), probe);
    }

    /// <summary>Starts <see cref="ApprovalWorkflow"/> and returns once its gated activity has run, the probe's gate still closed.</summary>
    private static async Task StartApprovalAtItsGateAsync(WorkflowTestHost host, WorkflowProbe probe, string instanceId)
    {
        await host.Engine.StartAsync(nameof(ApprovalWorkflow), instanceId, "doc");
        await WorkflowTestHost.EventuallyAsync(() => probe.RunsOf(nameof(GatedActivity)) == 1);
    }

    /// <summary>Starts <see cref="ApprovalWorkflow"/> and returns the instance once it waits for the approval event.</summary>
    private static async Task<WorkflowInstance> StartApprovalAwaitingItAsync(WorkflowTestHost host, string instanceId)
    {
        await host.Engine.StartAsync(nameof(ApprovalWorkflow), instanceId, "doc");
        return await host.WaitForAsync(instanceId, i => i.CustomStatus?.GetProperty("stage").GetString() == "awaiting approval");
    }
}
