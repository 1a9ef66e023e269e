namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// A platform whose webhook registration belongs to an object several integrations may share: the app's
/// subscription to a Facebook Page serves the Messenger and the Lead Ads integrations of that Page, the one to a
/// WhatsApp Business Account every phone number under it. Removing it for one would silence the others, so the
/// gateway removes it only when the last integration using the object lets go.
/// </summary>
public interface ISharedWebhook : IChannelAdapter
{
    /// <summary>The platform object the registration belongs to, unique across the platforms that share it; null when there is none.</summary>
    string? WebhookObject(ChannelIntegration integration);
}
