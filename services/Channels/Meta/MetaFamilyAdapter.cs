using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Meta;

/// <summary>
/// What the five Meta-family platforms (WhatsApp, Messenger, Instagram, Lead Ads, 360dialog) answer alike: Meta's
/// handshake and X-Hub-Signature-256 with the integration's app secret (360dialog, which relays the Cloud API
/// under its own key, overrides both), and no delivery id, so the body's hash stands in and messages are deduped
/// on their platform ids downstream.
/// </summary>
public abstract class MetaFamilyAdapter(ChannelDescriptor descriptor, ChannelCapabilities capabilities)
    : ChannelAdapter(descriptor, capabilities), IInboundChannel, IOutboundChannel, IChannelLifecycle
{
    public virtual WebhookHandshake Handshake(WebhookRequest request, ChannelIntegration integration) =>
        MetaWebhookVerifier.Handshake(request, integration);

    public virtual WebhookVerdict Verify(WebhookRequest request, ChannelIntegration integration) =>
        MetaWebhookVerifier.Verify(request, integration);

    public string? DeliveryId(WebhookRequest request) => null;

    public abstract ParsedDelivery Parse(RawDelivery delivery, ChannelIntegration integration);

    public abstract Task<SendResult> SendAsync(OutboundMessageRequested message, ChannelIntegration integration, CancellationToken cancellationToken);

    public abstract Task<CredentialTestResult> TestCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken);

    public abstract Task<TokenRefreshResult> RefreshCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken);

    public abstract Task<WebhookResult> RegisterWebhookAsync(ChannelIntegration integration, Uri webhookUrl, CancellationToken cancellationToken);
}
