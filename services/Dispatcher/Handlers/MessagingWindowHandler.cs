namespace DaprChannels.Dispatcher.Handlers;

/// <summary>
/// Keeps <see cref="MessagingWindowView"/> up to date from the contacts' messages, on the channels that have a
/// customer-service window (the others need no view, and writing one would cost every message a write); echoes of
/// the business's own sends do not open a window.
/// </summary>
public sealed class MessagingWindowHandler(MessagingWindowView window, ChannelRegistry channels) : IEventHandler<InboundMessageReceived>
{
    /// <summary>The subjects the handler's subscription takes, so a message on a channel without a window costs no delivery.</summary>
    public static IEnumerable<string> PlatformsWithAWindow(IServiceProvider services) =>
        services.GetRequiredService<ChannelRegistry>().All.Where(HasWindow).Select(adapter => adapter.Descriptor.Platform);

    public async Task<HandlerResult> HandleAsync(InboundMessageReceived inbound, EventContext context, CancellationToken cancellationToken)
    {
        // Under Dapr every platform's messages arrive here, not only those the subscription names.
        if (inbound.Message.IsEcho || !HasWindow(channels.Find(inbound.Platform)))
        {
            return HandlerResult.Success;
        }

        await window.RecordAsync(inbound.ConversationId, inbound.LastInboundAt ?? inbound.Message.SentAt, cancellationToken);
        return HandlerResult.Success;
    }

    private static bool HasWindow(IChannelAdapter? adapter) => adapter is IOutboundChannel { Capabilities.CustomerServiceWindow: not null };
}
