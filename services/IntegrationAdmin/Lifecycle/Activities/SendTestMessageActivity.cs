using Dapr.Workflow;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.IntegrationAdmin.Lifecycle.Activities;

public sealed record SendTestMessageInput(string OperationId, string IntegrationId, string To, string Text);

/// <summary>
/// Queues the test message for the Dispatcher. Its id comes from the operation, so a step repeated after a crash
/// queues the same message, which the Dispatcher sends once; its result comes back as the workflow's external event.
/// </summary>
public sealed class SendTestMessageActivity(IntegrationService integrations, IEventPublisher publisher, TimeProvider clock)
    : WorkflowActivity<SendTestMessageInput, string?>
{
    public override async Task<string?> RunAsync(WorkflowActivityContext context, SendTestMessageInput input)
    {
        var record = await integrations.GetAsync(input.IntegrationId, context.CancellationToken);
        if (record is null)
        {
            return null;
        }

        var id = TestMessages.OutboundId(input.OperationId);
        await publisher.PublishAsync(OutboundMessageRequested.Topic, new OutboundMessageRequested(
            id, clock.GetUtcNow(), record.TenantId, record.Id, record.Platform, ConversationIds.Conversation(record.Id, input.To), input.To,
            new TextContent(input.Text), MessageOrigin.Api), context.CancellationToken);
        return id;
    }
}

/// <summary>How a test message and the test workflow that waits for it find each other.</summary>
public static class TestMessages
{
    public const string DeliveryStatusEvent = "delivery-status";

    private const string Prefix = "optest_";

    public static string OutboundId(string operationId) => Prefix + operationId;

    /// <summary>The operation (and workflow instance) a send result belongs to, when it is a test message's.</summary>
    public static string? OperationOf(string outboundId) => outboundId.StartsWith(Prefix, StringComparison.Ordinal) ? outboundId[Prefix.Length..] : null;
}
