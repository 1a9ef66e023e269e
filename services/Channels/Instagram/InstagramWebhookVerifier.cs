using DaprChannels.Channels.Abstractions;
using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.Instagram;

/// <summary>Instagram deliveries carry Meta's X-Hub-Signature-256, keyed with the Instagram app secret (or the one being rotated out).</summary>
public static class InstagramWebhookVerifier
{
    public static WebhookVerdict Verify(WebhookRequest request, ChannelIntegration integration)
    {
        var secret = integration.Credential(InstagramCredentials.AppSecret);
        return secret is null
            ? WebhookVerdict.Invalid("the integration has no app secret")
            : MetaSignatureVerifier.Verify(request, secret, integration.Credential(InstagramCredentials.PreviousAppSecret));
    }

    public static WebhookHandshake Handshake(WebhookRequest request, ChannelIntegration integration) =>
        MetaWebhookHandshake.Answer(request, integration.Credential(InstagramCredentials.VerifyToken));
}
