namespace DaprChannels.Channels.Meta;

/// <summary>What every platform delivered through a Meta app's subscription shares (see <see cref="MetaAppAdapter"/>).</summary>
public static class MetaAppCapabilities
{
    /// <summary>
    /// Connecting subscribes the app, but Meta's subscribed_apps takes no URL: the callback URL is set once per app
    /// in its dashboard. Each platform adds what it can send.
    /// </summary>
    public static readonly ChannelCapabilities Subscribed = new(CanRegisterWebhook: true, WebhookNeedsPublicUrl: false);
}
