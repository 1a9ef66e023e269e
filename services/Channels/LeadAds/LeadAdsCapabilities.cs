namespace DaprChannels.Channels.LeadAds;

/// <summary>Lead Ads announces leads and nothing else: there is no one to send a message to.</summary>
public static class LeadAdsCapabilities
{
    public static readonly ChannelCapabilities Value = new(
        Text: false,
        Leads: true,
        MaxTextLength: 0,
        CanRefreshToken: false,
        // Meta's subscribed_apps takes no URL: the callback URL is set once per app in its dashboard.
        CanRegisterWebhook: true,
        WebhookNeedsPublicUrl: false);
}
