using DaprChannels.IntegrationAdmin.Lifecycle;
using DaprChannels.IntegrationAdmin.Lifecycle.Activities;

namespace DaprChannels.Services.Tests.Lifecycle;

public sealed class DisconnectWorkflowTests
{
    [Fact]
    public async Task Disconnecting_stops_the_refresh_removes_the_webhook_releases_the_claim_and_keeps_the_integration_disconnected()
    {
        var context = Disconnecting();

        var outcome = await new DisconnectWorkflow().RunAsync(context, new LifecycleInput("op_1", "int_1"));

        outcome.Succeeded.Should().BeTrue();
        outcome.IntegrationStatus.Should().Be("disconnected");
        context.ActivityNames.Should().Equal(
            nameof(StopTokenRefreshActivity), nameof(RemoveWebhookActivity), nameof(ReleaseRouteActivity), nameof(SetIntegrationStatusActivity));
        context.Calls[3].Input!.Value.GetProperty("status").GetString().Should().Be("disconnected");
    }

    [Fact]
    public async Task A_platform_that_cannot_be_reached_still_leaves_no_claim_and_the_outcome_says_so()
    {
        var context = Disconnecting().Failing(nameof(RemoveWebhookActivity));

        var outcome = await new DisconnectWorkflow().RunAsync(context, new LifecycleInput("op_1", "int_1"));

        outcome.Succeeded.Should().BeFalse();
        outcome.Summary.Should().Contain("could not be reached");
        outcome.IntegrationStatus.Should().Be("disconnected");
        context.ActivityNames.Should().Contain(nameof(ReleaseRouteActivity)).And.Contain(nameof(SetIntegrationStatusActivity));
    }

    private static FakeWorkflowContext Disconnecting() =>
        new FakeWorkflowContext()
            .On(nameof(StopTokenRefreshActivity), true)
            .On(nameof(RemoveWebhookActivity), new WebhookStepResult(true, true, "Webhook was deleted"))
            .On(nameof(ReleaseRouteActivity), true)
            .On(nameof(SetIntegrationStatusActivity), "disconnected");
}
