namespace DaprChannels.Channels.LeadAds;

public enum LeadActionKind
{
    /// <summary>Only the <c>inbound.lead</c> event, for any subscriber.</summary>
    Publish,

    /// <summary>Also POST the lead as signed JSON to the integration's own URL.</summary>
    Webhook,
}

/// <summary>
/// What to do with a captured lead, from the integration's config: <c>leadAction</c> =
/// <c>publish</c> (default) or <c>webhook</c> with <c>leadWebhookUrl</c> and the credential
/// <c>leadWebhookSecret</c> that signs each POST.
/// </summary>
public sealed record LeadAction(LeadActionKind Kind, Uri? WebhookUrl = null)
{
    public const string ActionSetting = "leadAction";
    public const string WebhookUrlSetting = "leadWebhookUrl";
    public const string WebhookSecretCredential = "leadWebhookSecret";

    public const string PublishValue = "publish";
    public const string WebhookValue = "webhook";

    public static readonly LeadAction Publish = new(LeadActionKind.Publish);

    /// <summary>Reads the action, or a configuration error that says what to fix.</summary>
    public static LeadAction From(ChannelIntegration integration)
    {
        var kind = integration.ConfigValue(ActionSetting)?.Trim().ToLowerInvariant();
        switch (kind)
        {
            case null or PublishValue:
                return Publish;
            case WebhookValue:
                // A credential, not a setting: receivers' URLs often carry their own token (Zapier, Make).
                var url = integration.Credential(WebhookUrlSetting);
                if (!Uri.TryCreate(url, UriKind.Absolute, out var target) || (target.Scheme != Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttp))
                {
                    throw new ChannelConfigurationException($"The '{WebhookUrlSetting}' credential must be an absolute http(s) URL when '{ActionSetting}' is '{WebhookValue}'.");
                }

                if (integration.Credential(WebhookSecretCredential) is null)
                {
                    throw new ChannelConfigurationException($"The '{WebhookSecretCredential}' credential is required when '{ActionSetting}' is '{WebhookValue}'.");
                }

                return new LeadAction(LeadActionKind.Webhook, target);
            default:
                throw new ChannelConfigurationException($"The '{ActionSetting}' setting must be '{PublishValue}' or '{WebhookValue}'.");
        }
    }
}
