using DaprChannels.Channels.Meta.CloudApi;

namespace DaprChannels.Channels.Dialog360;

/// <summary>
/// 360dialog relays the Cloud API unchanged, so the channel can do what WhatsApp can; unlike with
/// Meta, the webhook URL is set through the API, and the API key is static (nothing to refresh).
/// </summary>
public static class Dialog360Capabilities
{
    public static readonly ChannelCapabilities Value = WhatsAppCapabilities.Value with { CanRegisterWebhook = true, WebhookNeedsPublicUrl = true, CanRefreshToken = false };
}
