using DaprChannels.BuildingBlocks.PubSub;
using DaprChannels.BuildingBlocks.State;
using DaprChannels.Contracts.Events;

namespace DaprChannels.Ingress.Widget;

/// <summary>
/// Puts a widget reply from the Dispatcher into the visitor's mailbox, which Ingress owns; every Ingress replica's
/// stream for that visitor polls it, so the reply reaches the page whichever replica holds it. The mailbox numbers
/// replies in the order they arrive, keeps the newest few, and keeps one per outbound id, so a redelivery shows once.
/// </summary>
public sealed class WidgetReplyHandler(IStateStore state, TimeProvider clock, IOptions<IngressOptions> options) : IEventHandler<WidgetReplyRequested>
{
    public async Task<HandlerResult> HandleAsync(WidgetReplyRequested reply, EventContext context, CancellationToken cancellationToken)
    {
        var sentAt = clock.GetUtcNow();
        await state.UpdateAsync<WidgetMailbox>(
            IngressStateKeys.WidgetMailbox(reply.IntegrationId, reply.VisitorId),
            mailbox => (mailbox ?? WidgetMailbox.Empty).Append(reply.OutboundId, reply.Content, sentAt, options.Value.WidgetMailboxSize),
            options.Value.WidgetMailboxRetention,
            cancellationToken: cancellationToken);
        return HandlerResult.Success;
    }
}
