using DaprChannels.Channels.Abstractions;
using DaprChannels.Channels.Messenger;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Instagram;

/// <summary>
/// Instagram Messaging through the Instagram API with Instagram Login: Meta's handshake and signed
/// webhooks, sends to <c>/{instagram-account-id}/messages</c> with the account's access token.
/// </summary>
public sealed class InstagramAdapter(InstagramApiClient api) : IChannelAdapter, IConversationActions
{
    private static readonly ChannelDescriptor InstagramDescriptor = new(
        Platforms.Instagram,
        "Instagram Messaging",
        [
            new ChannelField(InstagramCredentials.InstagramAccountId, Required: true, Secret: false, "Id of the Instagram professional account people message."),
        ],
        [
            new ChannelField(InstagramCredentials.AccessToken, Required: true, Secret: true, "Instagram user access token with instagram_business_manage_messages."),
            new ChannelField(InstagramCredentials.AppSecret, Required: true, Secret: true, "Instagram app secret, for X-Hub-Signature-256."),
            new ChannelField(InstagramCredentials.PreviousAppSecret, Required: false, Secret: true, "The app secret being rotated out, still accepted until removed."),
            new ChannelField(InstagramCredentials.VerifyToken, Required: false, Secret: true, "Verify token entered in the app dashboard; generated when left empty."),
        ],
        AccountField: InstagramCredentials.InstagramAccountId);

    // Built on first send, so the adapter can parse and verify without an API client.
    private MessengerSender? _sender;

    public ChannelDescriptor Descriptor => InstagramDescriptor;

    public ChannelCapabilities Capabilities => InstagramCapabilities.Value;

    public IReadOnlyDictionary<string, string> PrepareCredentials(IReadOnlyDictionary<string, string> credentials) =>
        InstagramCredentials.Prepare(credentials);

    public WebhookHandshake Handshake(WebhookRequest request, ChannelIntegration integration) =>
        InstagramWebhookVerifier.Handshake(request, integration);

    public WebhookVerdict Verify(WebhookRequest request, ChannelIntegration integration) =>
        InstagramWebhookVerifier.Verify(request, integration);

    /// <summary>Meta gives a delivery no id: the body's hash stands in, and messages are deduped on their mid downstream.</summary>
    public string? DeliveryId(WebhookRequest request) => null;

    public ParsedDelivery Parse(RawDelivery delivery, ChannelIntegration integration) =>
        InstagramParser.Parse(delivery.Body, InstagramCredentials.RequireInstagramAccountId(integration), delivery.OccurredAt);

    public Task<SendResult> SendAsync(OutboundMessageRequested message, ChannelIntegration integration, CancellationToken cancellationToken) =>
        (_sender ??= InstagramSender.Create(api)).SendAsync(
            message,
            integration.RequireCredential(InstagramCredentials.AccessToken),
            InstagramCredentials.RequireInstagramAccountId(integration),
            cancellationToken);

    /// <summary>Shows the typing bubble to the contact (Meta clears it after 20 seconds or at the next message).</summary>
    public Task<SendResult> ShowTypingAsync(ChannelIntegration integration, string channelAddress, string? platformMessageId, CancellationToken cancellationToken) =>
        SendActionAsync(integration, channelAddress, MessengerAdapter.TypingOn, cancellationToken);

    /// <summary>Marks the contact's messages up to now as seen; the Send API takes no message id for it.</summary>
    public Task<SendResult> MarkAsReadAsync(ChannelIntegration integration, string channelAddress, string platformMessageId, CancellationToken cancellationToken) =>
        SendActionAsync(integration, channelAddress, MessengerAdapter.MarkSeen, cancellationToken);

    public async Task<CredentialTestResult> TestCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken)
    {
        var token = integration.RequireCredential(InstagramCredentials.AccessToken);
        var accountId = InstagramCredentials.RequireInstagramAccountId(integration);
        var result = await api.Messaging.GetAccountAsync(token, accountId, "id,username", cancellationToken);
        if (!result.IsOk)
        {
            return MessagingCredentialTests.Refused(result, token);
        }

        var details = new Dictionary<string, string>
        {
            ["instagramAccountId"] = MessagingCredentialTests.Field(result, "id"),
            ["username"] = MessagingCredentialTests.Field(result, "username"),
        };
        return new CredentialTestResult(true, $"Connected to @{details["username"]} ({details["instagramAccountId"]}).", details);
    }

    /// <summary>
    /// Not done here: a long-lived Instagram user token lasts 60 days and is renewed with
    /// <c>GET /refresh_access_token?grant_type=ig_refresh_token</c>, an unversioned call that takes the
    /// token in the query string, which the shared Graph client deliberately never does.
    /// </summary>
    public Task<TokenRefreshResult> RefreshCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken) =>
        Task.FromResult(new TokenRefreshResult(false,
            "not refreshed automatically: a long-lived Instagram user token lasts 60 days; renew it (ig_refresh_token) or replace it before then"));

    public Task<CredentialTestResult> RegisterWebhookAsync(ChannelIntegration integration, Uri webhookUrl, CancellationToken cancellationToken) =>
        Task.FromResult(new CredentialTestResult(false,
            "configured in the Meta app dashboard: enter this URL and the verify token under Instagram > Webhooks and subscribe to messages"));

    private async Task<SendResult> SendActionAsync(ChannelIntegration integration, string recipientId, string action, CancellationToken cancellationToken)
    {
        var token = integration.RequireCredential(InstagramCredentials.AccessToken);
        var result = await api.Messaging.SendActionAsync(token, InstagramCredentials.RequireInstagramAccountId(integration), recipientId, action, cancellationToken);
        return result.IsOk ? SendResult.Sent(null) : MessengerErrorMapping.ToFailure(result, secretToHide: token);
    }
}
