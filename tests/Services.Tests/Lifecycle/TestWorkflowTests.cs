using Dapr.Workflow;
using DaprChannels.Channels.Abstractions;
using DaprChannels.IntegrationAdmin.Lifecycle;
using DaprChannels.IntegrationAdmin.Lifecycle.Activities;

namespace DaprChannels.Services.Tests.Lifecycle;

public sealed class TestWorkflowTests
{
    [Fact]
    public async Task A_credential_test_is_saved_with_the_right_to_prove_the_account_and_reports_the_expiry()
    {
        var expires = new DateTimeOffset(2027, 1, 30, 0, 0, 0, TimeSpan.Zero);
        var context = Testing(new CredentialTestResult(true, "Connected.", new Dictionary<string, string> { ["check.token"] = "ok" }, expires));

        var outcome = await new TestWorkflow().RunAsync(context, new TestInput("op_1", "int_1", null));

        outcome.Succeeded.Should().BeTrue();
        outcome.Details.Should().Contain("check.token", "ok").And.ContainKey("expiresAt");
        context.ActivityNames.Should().Equal(nameof(TestCredentialsActivity), nameof(SaveCredentialTestActivity));
        context.Calls[1].Input!.Value.GetProperty("proveAccount").GetBoolean().Should().BeTrue("a test proves a pending integration's account");
    }

    [Fact]
    public async Task A_platform_still_unanswered_after_the_retries_is_the_tests_outcome_and_is_saved()
    {
        var context = new FakeWorkflowContext()
            .On(nameof(TestCredentialsActivity), _ => throw new WorkflowTaskFailedException("Task failed",
                new WorkflowTaskFailureDetails(typeof(PlatformUnansweredException).FullName!, "Telegram could not be asked: Internal Server Error", null)))
            .On(nameof(SaveCredentialTestActivity), "active");

        var outcome = await new TestWorkflow().RunAsync(context, new TestInput("op_1", "int_1", null));

        outcome.Succeeded.Should().BeFalse();
        outcome.Summary.Should().Be("Telegram could not be asked: Internal Server Error");
        context.ActivityNames.Should().Equal(nameof(TestCredentialsActivity), nameof(SaveCredentialTestActivity));
        context.Calls[1].Input!.Value.GetProperty("result").GetProperty("unanswered").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Any_other_failure_reports_only_its_kind_never_its_message()
    {
        var context = new FakeWorkflowContext().Failing(nameof(TestCredentialsActivity));

        var outcome = await new TestWorkflow().RunAsync(context, new TestInput("op_1", "int_1", null));

        outcome.Succeeded.Should().BeFalse();
        outcome.Summary.Should().Contain("HttpRequestException").And.NotContain("unreachable");
    }

    [Fact]
    public async Task A_test_message_waits_for_its_delivery_status()
    {
        var context = Testing(new CredentialTestResult(true, "Connected."))
            .Raise(TestMessages.DeliveryStatusEvent, new TestDeliveryStatus("sent", "sent", "42", null, null));

        var outcome = await new TestWorkflow().RunAsync(context, new TestInput("op_1", "int_1", new TestMessageRequest("1001", "hi", TimeSpan.FromSeconds(30))));

        outcome.Succeeded.Should().BeTrue(outcome.Summary);
        outcome.Details.Should().Contain("testMessage", "sent").And.Contain("testMessagePlatformId", "42");
        context.Calls.Single(c => c.Name == nameof(SendTestMessageActivity)).Input!.Value.GetProperty("to").GetString().Should().Be("1001");
        context.Steps.Should().ContainInOrder(LifecycleSteps.SendTestMessage, LifecycleSteps.AwaitDeliveryStatus, LifecycleSteps.Done);
    }

    [Fact]
    public async Task A_test_message_without_a_status_in_time_is_reported_as_timed_out_not_waited_for()
    {
        var context = Testing(new CredentialTestResult(true, "Connected."));

        var outcome = await new TestWorkflow().RunAsync(context, new TestInput("op_1", "int_1", new TestMessageRequest("1001", "hi", TimeSpan.FromSeconds(30))));

        outcome.Succeeded.Should().BeFalse();
        outcome.Step.Should().Be(LifecycleSteps.AwaitDeliveryStatus);
        outcome.Summary.Should().Contain("no delivery status within 30 s");
        context.AwaitedEvents.Should().Equal(TestMessages.DeliveryStatusEvent);
    }

    [Fact]
    public async Task A_failed_send_is_the_result()
    {
        var context = Testing(new CredentialTestResult(true, "Connected."))
            .Raise(TestMessages.DeliveryStatusEvent, new TestDeliveryStatus("failed", "failed", null, "recipient_unknown", "chat not found"));

        var outcome = await new TestWorkflow().RunAsync(context, new TestInput("op_1", "int_1", new TestMessageRequest("1001", "hi", TimeSpan.FromSeconds(30))));

        outcome.Succeeded.Should().BeFalse();
        outcome.Summary.Should().Contain("chat not found");
    }

    [Fact]
    public async Task Failed_credentials_send_no_test_message()
    {
        var context = Testing(new CredentialTestResult(false, "Telegram refused the bot token.", CredentialsRefused: true));

        var outcome = await new TestWorkflow().RunAsync(context, new TestInput("op_1", "int_1", new TestMessageRequest("1001", "hi", TimeSpan.FromSeconds(30))));

        outcome.Succeeded.Should().BeFalse();
        context.ActivityNames.Should().NotContain(nameof(SendTestMessageActivity));
    }

    private static FakeWorkflowContext Testing(CredentialTestResult test) =>
        new FakeWorkflowContext()
            .On(nameof(TestCredentialsActivity), test)
            .On(nameof(SaveCredentialTestActivity), test.Ok ? "active" : "needsReauthorization")
            .On(nameof(SendTestMessageActivity), "optest_op_1");
}
