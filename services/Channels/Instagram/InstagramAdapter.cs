using DaprChannels.Channels.Abstractions;
using DaprChannels.Channels.Messenger;
using DaprChannels.Channels.Meta;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Instagram;

/// <summary>
/// Instagram Messaging through the Instagram API with Instagram Login: Meta's handshake and signed
/// webhooks, sends to <c>/{instagram-account-id}/messages</c> with the account's access token.
/// </summary>
public sealed class InstagramAdapter(InstagramApiClient api) : IChannelAdapter, IConversationActions, IWebhookRemoval, ISharedWebhook
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
            new ChannelField(InstagramCredentials.VerifyToken, Required: false, Secret: true, "Verify token entered in the app dashboard; generated when left empty.", Generated: true),
        ],
        AccountField: InstagramCredentials.InstagramAccountId);

    public const string AccountCheck = "account";
    public const string TokenExpiryCheck = "tokenExpiry";
    public const string SubscriptionCheck = "subscription";

    /// <summary>What connecting subscribes the account to: every Instagram messaging field the parser reads (echoes come with messages).</summary>
    public static readonly IReadOnlyList<string> SubscribedFields = [MessengerAdapter.MessagesField, "messaging_postbacks", "messaging_seen", "message_reactions"];

    // Built on first send, so the adapter can parse and verify without an API client.
    private MessengerSender? _sender;

    public ChannelDescriptor Descriptor => InstagramDescriptor;

    public ChannelCapabilities Capabilities => InstagramCapabilities.Value;

    public IReadOnlyDictionary<string, string> PrepareCredentials(IReadOnlyDictionary<string, string> credentials) =>
        InstagramCredentials.Prepare(credentials);

    public WebhookHandshake Handshake(WebhookRequest request, ChannelIntegration integration) =>
        MetaWebhookVerifier.Handshake(request, integration);

    public WebhookVerdict Verify(WebhookRequest request, ChannelIntegration integration) =>
        MetaWebhookVerifier.Verify(request, integration);

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

    /// <summary>
    /// Checks the account (the token acts for it) and that it receives the app's <c>messages</c>
    /// webhooks. An Instagram user token's expiry cannot be read back; it is known from the last refresh.
    /// </summary>
    public async Task<CredentialTestResult> TestCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken)
    {
        var token = integration.RequireCredential(InstagramCredentials.AccessToken);
        var accountId = InstagramCredentials.RequireInstagramAccountId(integration);
        var result = await api.Messaging.GetAccountAsync(token, accountId, "id,username", cancellationToken);
        if (!result.IsOk)
        {
            return MessagingCredentialTests.Refused(result, token);
        }

        var checks = new CredentialChecks();
        checks.Note("instagramAccountId", MessagingCredentialTests.Field(result, "id"));
        checks.Note("username", MessagingCredentialTests.Field(result, "username"));
        if (checks.Details["instagramAccountId"] != accountId)
        {
            checks.Fail(AccountCheck, $"the access token reads another account ({checks.Details["instagramAccountId"]}), not {accountId}");
            return checks.Result("");
        }

        // An Instagram user token reads no professional account but its own.
        checks.Pass(AccountCheck);
        checks.Prove(accountId);
        checks.Skip(TokenExpiryCheck, "an Instagram user token's expiry is known from its last refresh");

        var list = await api.Subscriptions.ListAsync(token, accountId, cancellationToken);
        if (!list.Call.IsOk)
        {
            checks.Fail(SubscriptionCheck, $"the account's subscriptions could not be read: {GraphErrorMapping.Scrub(list.Call.Message, token)}");
        }
        else if (list.Apps.FirstOrDefault(a => a.Fields.Contains(MessengerAdapter.MessagesField)) is { } app)
        {
            checks.Note("subscribedFields", string.Join(',', app.Fields));
            checks.Pass(SubscriptionCheck);
        }
        else
        {
            checks.Fail(SubscriptionCheck, $"the account does not receive messages webhooks (POST /{accountId}/subscribed_apps?subscribed_fields=messages)");
        }

        return checks.Result($"Connected to @{checks.Details["username"]} ({checks.Details["instagramAccountId"]}).");
    }

    /// <summary>
    /// Renews the long-lived token for another 60 days. Meta renews only a token that is at least
    /// 24 hours old and unexpired: a younger one is refused with a client error, answered "not yet".
    /// </summary>
    public async Task<TokenRefreshResult> RefreshCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken)
    {
        var token = integration.RequireCredential(InstagramCredentials.AccessToken);
        var refreshed = await api.RefreshAccessTokenAsync(token, cancellationToken);
        if (refreshed.Token is { } issued)
        {
            return new TokenRefreshResult(
                true,
                issued.ExpiresAt is { } expires ? $"renewed; the new token expires {MetaAppTokens.Moment(expires)}" : "renewed",
                new Dictionary<string, string> { [InstagramCredentials.AccessToken] = issued.AccessToken },
                issued.ExpiresAt);
        }

        if (refreshed.Call.IsOk)
        {
            return new TokenRefreshResult(false, "not refreshed: the answer held no token");
        }

        var failure = MessengerErrorMapping.ToFailure(refreshed.Call, secretToHide: token);
        return failure.Status switch
        {
            SendStatus.Unauthorized => new TokenRefreshResult(false,
                "not refreshed: the token is no longer valid (expired or revoked); connect the account again", CredentialsRefused: true),
            SendStatus.Permanent => new TokenRefreshResult(false,
                $"not yet: Instagram renews a long-lived token once it is at least 24 hours old ({failure.Reason})"),
            _ => new TokenRefreshResult(false, $"not refreshed, to be tried again: {failure.Reason}"),
        };
    }

    /// <summary>
    /// Enables the account's messaging webhooks for the app (Instagram API with Instagram Login:
    /// <c>POST graph.instagram.com/{ig-id}/subscribed_apps?subscribed_fields=messages,..</c> with the account's token).
    /// Meta delivers to the callback URL of the app's dashboard, not to <paramref name="webhookUrl"/>.
    /// </summary>
    public Task<WebhookResult> RegisterWebhookAsync(ChannelIntegration integration, Uri webhookUrl, CancellationToken cancellationToken)
    {
        var accountId = InstagramCredentials.RequireInstagramAccountId(integration);
        return api.Subscriptions.SubscribeAsync(integration.RequireCredential(InstagramCredentials.AccessToken), accountId, SubscribedFields, $"the Instagram account {accountId}", cancellationToken);
    }

    /// <summary>Stops the account's webhooks for the app (<c>DELETE /{ig-id}/subscribed_apps</c>).</summary>
    public Task<WebhookResult> RemoveWebhookAsync(ChannelIntegration integration, Uri webhookUrl, CancellationToken cancellationToken)
    {
        var accountId = InstagramCredentials.RequireInstagramAccountId(integration);
        return api.Subscriptions.UnsubscribeAsync(integration.RequireCredential(InstagramCredentials.AccessToken), accountId, $"the Instagram account {accountId}", cancellationToken);
    }

    /// <summary>The Instagram account (only one integration holds it, but the family shares one rule).</summary>
    public string? WebhookObject(ChannelIntegration integration) => MetaSubscribedApps.SharedObject(InstagramCredentials.RequireInstagramAccountId(integration));

    private async Task<SendResult> SendActionAsync(ChannelIntegration integration, string recipientId, string action, CancellationToken cancellationToken)
    {
        var token = integration.RequireCredential(InstagramCredentials.AccessToken);
        var result = await api.Messaging.SendActionAsync(token, InstagramCredentials.RequireInstagramAccountId(integration), recipientId, action, cancellationToken);
        return result.IsOk ? SendResult.Sent(null) : MessengerErrorMapping.ToFailure(result, secretToHide: token);
    }
}
