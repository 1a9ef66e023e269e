using System.Globalization;
using Dapr.Workflow;

namespace DaprChannels.IntegrationAdmin.Lifecycle;

/// <summary>
/// Tests an integration's credentials and saves the outcome (a test that proves a pending integration's account
/// claims it and activates the integration). On request it then sends a test message to the address the caller
/// gave and waits for its delivery status as an external event; when none comes in time, that is the result.
/// </summary>
public sealed class TestWorkflow : Workflow<TestInput, LifecycleOutcome>
{
    public override async Task<LifecycleOutcome> RunAsync(WorkflowContext context, TestInput input)
    {
        var step = LifecycleSteps.TestCredentials;
        try
        {
            context.EnterStep(step);
            CredentialTestResult? test;
            try
            {
                test = await context.CallActivityAsync<CredentialTestResult?>(nameof(TestCredentialsActivity), input.IntegrationId, LifecycleRetry.Platform);
            }
            catch (WorkflowTaskFailedException ex) when (LifecycleFailure.IsPlatformUnanswered(ex))
            {
                // Still unanswered after the retries: that is the test's outcome, kept on the integration like any other.
                test = new CredentialTestResult(false, LifecycleFailure.Reason(ex), Unanswered: true);
            }

            if (test is null)
            {
                return new LifecycleOutcome(false, step, "The integration was deleted.");
            }

            step = context.EnterStep(LifecycleSteps.Save);
            var status = await context.CallActivityAsync<string?>(nameof(SaveCredentialTestActivity),
                new SaveCredentialTestInput(input.IntegrationId, test, ProveAccount: true), LifecycleRetry.State);
            var details = WithExpiry(test);
            if (!test.Ok || input.Message is not { } message)
            {
                context.EnterStep(LifecycleSteps.Done);
                return new LifecycleOutcome(test.Ok, test.Ok ? LifecycleSteps.Done : LifecycleSteps.TestCredentials, test.Summary, details, status);
            }

            step = context.EnterStep(LifecycleSteps.SendTestMessage);
            var outboundId = await context.CallActivityAsync<string?>(nameof(SendTestMessageActivity),
                new SendTestMessageInput(input.OperationId, input.IntegrationId, message.To, message.Text), LifecycleRetry.State);
            if (outboundId is null)
            {
                return new LifecycleOutcome(false, step, "The integration was deleted.", details, status);
            }

            details["testMessageId"] = outboundId;
            step = context.EnterStep(LifecycleSteps.AwaitDeliveryStatus);
            TestDeliveryStatus delivery;
            try
            {
                delivery = await context.WaitForExternalEventAsync<TestDeliveryStatus>(TestMessages.DeliveryStatusEvent, message.Timeout);
            }
            catch (TaskCanceledException)
            {
                details["testMessage"] = "no delivery status";
                return new LifecycleOutcome(false, step,
                    $"{test.Summary} The test message got no delivery status within {message.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.", details, status);
            }

            details["testMessage"] = delivery.Status;
            if (delivery.PlatformMessageId is { } platformId)
            {
                details["testMessagePlatformId"] = platformId;
            }

            context.EnterStep(LifecycleSteps.Done);
            return delivery.Outcome == "sent"
                ? new LifecycleOutcome(true, LifecycleSteps.Done, $"{test.Summary} The test message was {delivery.Status}.", details, status)
                : new LifecycleOutcome(false, step, $"{test.Summary} The test message failed: {delivery.ErrorReason ?? delivery.ErrorCode ?? delivery.Status}.", details, status);
        }
        catch (WorkflowTaskFailedException ex)
        {
            return new LifecycleOutcome(false, step, $"The step '{step}' kept failing ({LifecycleFailure.Reason(ex)}). Try again later.");
        }
    }

    /// <summary>The token's expiry, as the platform gave it, beside the checks' own details.</summary>
    internal static Dictionary<string, string> WithExpiry(CredentialTestResult test)
    {
        var details = new Dictionary<string, string>(test.Details ?? new Dictionary<string, string>());
        if (test.ExpiresAt is { } expires)
        {
            details["expiresAt"] = expires.ToString("O", CultureInfo.InvariantCulture);
        }
        else if (test.NeverExpires)
        {
            details["expiresAt"] = "never";
        }

        return details;
    }
}
