namespace DaprChannels.Channels.Meta;

/// <summary>
/// A Meta channel's per-integration webhook: deliveries carry X-Hub-Signature-256 keyed with the
/// integration's app secret (or the one being rotated out), and the GET handshake answers with its verify token.
/// </summary>
public static class MetaWebhookVerifier
{
    public static WebhookVerdict Verify(WebhookRequest request, ChannelIntegration integration)
    {
        var secret = integration.Credential(MetaAppCredentials.AppSecret);
        return secret is null
            ? WebhookVerdict.Invalid("the integration has no app secret")
            : MetaSignatureVerifier.Verify(request, secret, integration.Credential(MetaAppCredentials.PreviousAppSecret));
    }

    public static WebhookHandshake Handshake(WebhookRequest request, ChannelIntegration integration) =>
        MetaWebhookHandshake.Answer(request, integration.Credential(MetaAppCredentials.VerifyToken));
}
