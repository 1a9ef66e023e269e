using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Abstractions;

/// <summary>A platform that delivers to a webhook: the handshake, the verification and the parsing of a delivery.</summary>
public interface IInboundChannel : IChannelAdapter
{
    /// <summary>Answers the platform's GET handshake on the webhook URL.</summary>
    WebhookHandshake Handshake(WebhookRequest request, ChannelIntegration integration);

    /// <summary>Checks that a delivery comes from the platform: signature, secret token, timestamp window.</summary>
    WebhookVerdict Verify(WebhookRequest request, ChannelIntegration integration);

    /// <summary>
    /// A stable id for this delivery, so a redelivery is recognised before it is published
    /// (null: the body's hash is used). Reads no more of the body than it must.
    /// </summary>
    string? DeliveryId(WebhookRequest request);

    /// <summary>Every message, status and lead in a raw delivery. Throws <see cref="FormatException"/> on a malformed body.</summary>
    ParsedDelivery Parse(RawDelivery delivery, ChannelIntegration integration);
}
