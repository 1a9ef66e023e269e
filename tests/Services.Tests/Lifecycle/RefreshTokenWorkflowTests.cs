using DaprChannels.IntegrationAdmin.Lifecycle;
using DaprChannels.IntegrationAdmin.Lifecycle.Activities;

namespace DaprChannels.Services.Tests.Lifecycle;

public sealed class RefreshTokenWorkflowTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly RefreshTokenInput Scheduled = new("int_1", TimeSpan.FromDays(10), TimeSpan.FromHours(1));

    [Fact]
    public async Task A_token_far_from_expiry_is_left_alone_until_expiry_minus_the_horizon_then_looked_at_again()
    {
        var context = new FakeWorkflowContext("token-refresh-int_1", Now)
            .On(nameof(ReadTokenScheduleActivity), new TokenSchedule(true, new DateTimeOffset(Now.AddDays(15)), "The token expires."));

        await new RefreshTokenWorkflow().RunAsync(context, Scheduled);

        context.ActivityNames.Should().Equal(nameof(ReadTokenScheduleActivity));
        context.Timers.Should().Equal(Now.AddDays(5));
        context.ContinuedAsNew.Should().BeTrue();
        context.ContinuedAsNewWith.Should().Be(Scheduled);
    }

    [Fact]
    public async Task A_token_inside_the_horizon_is_refreshed_and_the_next_refresh_planned_from_the_new_expiry()
    {
        var context = new FakeWorkflowContext("token-refresh-int_1", Now)
            .On(nameof(ReadTokenScheduleActivity), new TokenSchedule(true, new DateTimeOffset(Now.AddDays(3)), "The token expires."))
            .On(nameof(RefreshTokenActivity), new TokenRefreshStep(true, true, "Refreshed.", new DateTimeOffset(Now.AddDays(60)), false, false));

        var outcome = await new RefreshTokenWorkflow().RunAsync(context, Scheduled);

        outcome.Succeeded.Should().BeTrue();
        context.ActivityNames.Should().Equal(nameof(ReadTokenScheduleActivity), nameof(RefreshTokenActivity));
        context.Calls[1].Options.Should().BeSameAs(LifecycleRetry.Platform);
        // A 50-day wait is slept a week at a time, reading the expiry on each waking.
        context.Timers.Should().Equal(Now + RefreshTokenWorkflow.MaxSleep);
        context.ContinuedAsNew.Should().BeTrue();
    }

    [Fact]
    public async Task A_token_of_unknown_expiry_is_refreshed_now_and_a_failure_waits_the_retry_interval()
    {
        var context = new FakeWorkflowContext("token-refresh-int_1", Now)
            .On(nameof(ReadTokenScheduleActivity), new TokenSchedule(true, null, "The token's expiry is not known yet."))
            .Failing(nameof(RefreshTokenActivity));

        await new RefreshTokenWorkflow().RunAsync(context, Scheduled);

        context.Timers.Should().Equal(Now.AddHours(1));
        context.ContinuedAsNew.Should().BeTrue();
    }

    [Fact]
    public async Task A_refused_token_ends_the_instance_with_the_integration_needing_reauthorization()
    {
        var context = new FakeWorkflowContext("token-refresh-int_1", Now)
            .On(nameof(ReadTokenScheduleActivity), new TokenSchedule(true, new DateTimeOffset(Now.AddDays(2)), "The token expires."))
            .On(nameof(RefreshTokenActivity), new TokenRefreshStep(true, false, "The token is no longer valid.", null, false, true));

        var outcome = await new RefreshTokenWorkflow().RunAsync(context, Scheduled);

        outcome.IntegrationStatus.Should().Be("needsReauthorization");
        context.Timers.Should().BeEmpty();
        context.ContinuedAsNew.Should().BeFalse();
    }

    [Fact]
    public async Task Nothing_to_refresh_ends_the_instance()
    {
        var context = new FakeWorkflowContext("token-refresh-int_1", Now)
            .On(nameof(ReadTokenScheduleActivity), new TokenSchedule(false, null, "The integration is disconnected."));

        var outcome = await new RefreshTokenWorkflow().RunAsync(context, Scheduled);

        outcome.Summary.Should().Be("The integration is disconnected.");
        context.ContinuedAsNew.Should().BeFalse();
    }

    [Fact]
    public async Task A_refresh_on_request_refreshes_once_and_makes_sure_the_long_running_instance_runs()
    {
        var context = new FakeWorkflowContext("op_1", Now)
            .On(nameof(RefreshTokenActivity), new TokenRefreshStep(true, true, "Refreshed.", new DateTimeOffset(Now.AddDays(60)), false, false))
            .On(nameof(ScheduleTokenRefreshActivity), true);

        var outcome = await new RefreshTokenWorkflow().RunAsync(context, Scheduled with { OperationId = "op_1" });

        outcome.Succeeded.Should().BeTrue();
        outcome.Details.Should().ContainKey("expiresAt");
        context.ActivityNames.Should().Equal(nameof(RefreshTokenActivity), nameof(ScheduleTokenRefreshActivity));
        context.ContinuedAsNew.Should().BeFalse();
    }
}
