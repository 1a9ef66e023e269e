using DaprChannels.Contracts.Integrations;

namespace DaprChannels.Dispatcher.Handlers;

/// <summary>
/// An outbound message that exhausted its retries lands on the dead-letter topic; this records it
/// as failed and reports it, so it is never mistaken for sent.
/// </summary>
public sealed class UndeliverableMessageHandler(
    IStateStore state,
    RecordedPublisher recorded,
    TimeProvider clock,
    IOptions<DispatcherOptions> options) : IEventHandler<OutboundMessageRequested>
{
    public async Task<HandlerResult> HandleAsync(OutboundMessageRequested message, EventContext context, CancellationToken cancellationToken)
    {
        var key = DispatcherStateKeys.OutboundSend(message.Id);
        if ((await state.GetAsync<OutboundSendRecord>(key, cancellationToken))?.Value.IsFinal == true)
        {
            return HandlerResult.Success;
        }

        var now = clock.GetUtcNow();
        const string reason = "Gave up after repeated transient failures.";
        var record = new OutboundSendRecord(message.Id, message.IntegrationId, DeliveryStatus.Failed, null, "retries_exhausted", reason, now);
        await recorded.PublishAsync(OutboundMessageResult.Topic, new OutboundMessageResult(
                StableId.From("res_", message.Id), now, message.Id, message.TenantId, message.IntegrationId, message.Platform,
                message.ConversationId, SendOutcomeKind.Failed, DeliveryStatus.Failed, null, "retries_exhausted", reason,
                context.Attempt, [], message.ChannelAddress),
            [StateOperation.Upsert(key, record, ttl: options.Value.SendRecordRetention)],
            cancellationToken);
        return HandlerResult.Success;
    }
}
