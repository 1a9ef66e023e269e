namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// What the connect, test and refresh-token sagas ask of a platform. A platform with nothing to do at a step
/// answers so in words (nothing to test, a key that does not expire) rather than failing.
/// </summary>
public interface IChannelLifecycle : IChannelAdapter
{
    Task<CredentialTestResult> TestCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken);

    Task<TokenRefreshResult> RefreshCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken);

    /// <summary>
    /// Tells the platform to deliver (Telegram's setWebhook, Meta's subscribed_apps); platforms configured by hand
    /// answer not ok. <paramref name="webhookUrl"/> is relative where no public base URL is configured and the
    /// platform takes none (<see cref="ChannelCapabilities.WebhookNeedsPublicUrl"/> false).
    /// </summary>
    Task<WebhookResult> RegisterWebhookAsync(ChannelIntegration integration, Uri webhookUrl, CancellationToken cancellationToken);
}
