using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using DaprChannels.Channels.Widget;

namespace DaprChannels.Dispatcher.Sending;

/// <summary>
/// "Sends" a widget reply by handing it to Ingress on <c>widget.reply</c>: Ingress owns the visitors' mailboxes and
/// streams them to whichever replica holds the visitor's page. The event's id is stable per outbound id, and the
/// mailbox keeps one reply per outbound id, so a redelivered send shows once.
/// </summary>
/// <remarks>
/// The widget has no platform to number its messages; the number returned (which names the reply as its platform
/// message id) follows from the outbound id, so a redelivery names it the same. The order in which the visitor's
/// page sees replies is the mailbox's own sequence, given by Ingress.
/// </remarks>
public sealed class PublishingWidgetReplySink(IEventPublisher publisher, TimeProvider clock) : IWidgetReplySink
{
    public async Task<long> DeliverAsync(ChannelIntegration integration, string visitorId, string outboundId, MessageContent content, CancellationToken ct)
    {
        await publisher.PublishAsync(WidgetReplyRequested.Topic, new WidgetReplyRequested(
            StableId.From("wgt_", outboundId), clock.GetUtcNow(), integration.TenantId, integration.Id, visitorId, outboundId, content), ct);
        return ReplyNumber(outboundId);
    }

    private static long ReplyNumber(string outboundId) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(outboundId))) & long.MaxValue;
}
