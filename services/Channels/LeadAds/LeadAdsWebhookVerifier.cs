using DaprChannels.Channels.Abstractions;
using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.LeadAds;

/// <summary>Leadgen deliveries carry Meta's X-Hub-Signature-256, keyed with the app secret (or the one being rotated out).</summary>
public static class LeadAdsWebhookVerifier
{
    public static WebhookVerdict Verify(WebhookRequest request, ChannelIntegration integration)
    {
        var secret = integration.Credential(LeadAdsCredentials.AppSecret);
        return secret is null
            ? WebhookVerdict.Invalid("the integration has no app secret")
            : MetaSignatureVerifier.Verify(request, secret, integration.Credential(LeadAdsCredentials.PreviousAppSecret));
    }

    public static WebhookHandshake Handshake(WebhookRequest request, ChannelIntegration integration) =>
        MetaWebhookHandshake.Answer(request, integration.Credential(LeadAdsCredentials.VerifyToken));
}
