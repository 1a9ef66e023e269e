namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// A platform whose webhook the gateway registers through its API can also be told to stop delivering
/// (Telegram's deleteWebhook, Meta's DELETE subscribed_apps): disconnecting, and undoing a connect that failed after registering.
/// </summary>
public interface IWebhookRemoval : IChannelAdapter
{
    /// <summary>Removes the webhook the gateway registered at <paramref name="webhookUrl"/>; one that is already gone is removed.</summary>
    Task<WebhookResult> RemoveWebhookAsync(ChannelIntegration integration, Uri webhookUrl, CancellationToken cancellationToken);
}
