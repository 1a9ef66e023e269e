using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.LeadAds;

/// <summary>Lead Ads announces leads and nothing else: there is no one to send a message to.</summary>
public static class LeadAdsCapabilities
{
    public static readonly ChannelCapabilities Value = MetaAppCapabilities.Subscribed with { Text = false, Leads = true, MaxTextLength = 0 };
}
