using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// One platform. Every platform folder implements this with the same file set: options, verifier,
/// payload types, parser, sender, API client, capabilities.
/// </summary>
public interface IChannelAdapter
{
    ChannelDescriptor Descriptor { get; }

    ChannelCapabilities Capabilities { get; }

    /// <summary>Fills in what a new integration may leave out (a generated webhook secret) and rejects what is missing.</summary>
    IReadOnlyDictionary<string, string> PrepareCredentials(IReadOnlyDictionary<string, string> credentials);

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

    Task<SendResult> SendAsync(OutboundMessageRequested message, ChannelIntegration integration, CancellationToken cancellationToken);

    Task<CredentialTestResult> TestCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken);

    Task<TokenRefreshResult> RefreshCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken);

    /// <summary>
    /// Tells the platform to deliver (Telegram's setWebhook, Meta's subscribed_apps); platforms configured by hand
    /// answer not ok. <paramref name="webhookUrl"/> is relative where no public base URL is configured and the
    /// platform takes none (<see cref="ChannelCapabilities.WebhookNeedsPublicUrl"/> false).
    /// </summary>
    Task<WebhookResult> RegisterWebhookAsync(ChannelIntegration integration, Uri webhookUrl, CancellationToken cancellationToken);
}
