namespace DaprChannels.Dispatcher.Handlers;

/// <summary>Keeps <see cref="MessagingWindowView"/> up to date from the contacts' messages; echoes of the business's own sends do not open a window.</summary>
public sealed class MessagingWindowHandler(MessagingWindowView window) : IEventHandler<InboundMessageReceived>
{
    public async Task<HandlerResult> HandleAsync(InboundMessageReceived inbound, EventContext context, CancellationToken cancellationToken)
    {
        if (inbound.Message.IsEcho)
        {
            return HandlerResult.Success;
        }

        await window.RecordAsync(inbound.ConversationId, inbound.LastInboundAt ?? inbound.Message.SentAt, cancellationToken);
        return HandlerResult.Success;
    }
}
