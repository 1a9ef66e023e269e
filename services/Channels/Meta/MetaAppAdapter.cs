namespace DaprChannels.Channels.Meta;

/// <summary>
/// A Meta-family platform delivered through a Meta app's subscription to one of its objects (WhatsApp, Messenger,
/// Instagram, Lead Ads): connecting subscribes the app with <c>POST /{object-id}/subscribed_apps</c>, disconnecting
/// removes it, and the object is shared with every other integration that relies on it. Meta delivers to the
/// callback URL of the app's dashboard, never to the URL the gateway passes.
/// </summary>
public abstract class MetaAppAdapter(ChannelDescriptor descriptor, ChannelCapabilities capabilities)
    : MetaFamilyAdapter(descriptor, capabilities), IWebhookRemoval, ISharedWebhook
{
    /// <summary>The object this integration's webhooks come from; null when the integration names none.</summary>
    protected abstract MetaSubscription? Subscription(ChannelIntegration integration);

    /// <summary>What to do by hand when the integration names no object.</summary>
    protected virtual string NoSubscription(bool registering) => "the integration names no object to subscribe the app to";

    public override Task<WebhookResult> RegisterWebhookAsync(ChannelIntegration integration, Uri webhookUrl, CancellationToken cancellationToken) =>
        Subscription(integration) is { } target
            ? target.Apps.SubscribeAsync(target.AccessToken, target.ObjectId, target.Fields, target.What, cancellationToken)
            : Task.FromResult(WebhookResult.LeftToHand(NoSubscription(registering: true)));

    /// <summary>Removes the app from the object's webhooks: every integration relying on the object stops too, see <see cref="WebhookObject"/>.</summary>
    public Task<WebhookResult> RemoveWebhookAsync(ChannelIntegration integration, Uri webhookUrl, CancellationToken cancellationToken) =>
        Subscription(integration) is { } target
            ? target.Apps.UnsubscribeAsync(target.AccessToken, target.ObjectId, target.What, cancellationToken)
            : Task.FromResult(WebhookResult.LeftToHand(NoSubscription(registering: false)));

    public abstract string? WebhookObject(ChannelIntegration integration);
}
