using DaprChannels.Channels.Meta;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;
using DaprChannels.Channels.Meta.Messaging;

namespace DaprChannels.Channels.Instagram;

/// <summary>
/// Instagram Messaging through the Instagram API with Instagram Login: Meta's handshake and signed
/// webhooks, sends to <c>/{instagram-account-id}/messages</c> with the account's access token.
/// </summary>
public sealed class InstagramAdapter(InstagramApiClient api)
    : MessagingAdapter(InstagramDescriptor, InstagramSender.Profile, MessagingDialect.Instagram)
{
    private static readonly ChannelDescriptor InstagramDescriptor = new(
        Platforms.Instagram,
        "Instagram Messaging",
        [
            new ChannelField(InstagramCredentials.InstagramAccountId, Required: true, Secret: false, "Id of the Instagram professional account people message."),
        ],
        [
            new ChannelField(InstagramCredentials.AccessToken, Required: true, Secret: true, "Instagram user access token with instagram_business_manage_messages."),
            .. MetaAppCredentials.WebhookFields("Instagram app secret, for X-Hub-Signature-256."),
        ],
        AccountField: InstagramCredentials.InstagramAccountId);

    public const string AccountCheck = "account";
    public const string TokenExpiryCheck = "tokenExpiry";
    public const string SubscriptionCheck = "subscription";

    private static readonly MessagingAccount Account = new("username", "instagramAccountId", "username", AccountCheck,
        (read, expected) => $"the access token reads another account ({read}), not {expected}");

    /// <summary>What connecting subscribes the account to: every Instagram messaging field the parser reads (echoes come with messages).</summary>
    public static readonly IReadOnlyList<string> SubscribedFields = [MessengerApiClient.MessagesField, "messaging_postbacks", "messaging_seen", "message_reactions"];

    protected override MessengerApiClient Messaging => api.Messaging;

    protected override string AccessToken(ChannelIntegration integration) => integration.RequireCredential(InstagramCredentials.AccessToken);

    protected override string AccountId(ChannelIntegration integration) => InstagramCredentials.RequireInstagramAccountId(integration);

    public override IReadOnlyDictionary<string, string> PrepareCredentials(IReadOnlyDictionary<string, string> credentials) =>
        InstagramCredentials.Prepare(credentials);

    /// <summary>
    /// Checks the account (the token acts for it) and that it receives the app's <c>messages</c>
    /// webhooks. An Instagram user token's expiry cannot be read back; it is known from the last refresh.
    /// </summary>
    public override async Task<CredentialTestResult> TestCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken)
    {
        var token = integration.RequireCredential(InstagramCredentials.AccessToken);
        var accountId = InstagramCredentials.RequireInstagramAccountId(integration);
        // An Instagram user token reads no professional account but its own.
        var (checks, answer) = await MessagingCredentialTests.CheckAccountAsync(api.Messaging, token, accountId, accountId, Account, cancellationToken);
        if (checks is null)
        {
            return answer!;
        }

        checks.Skip(TokenExpiryCheck, "an Instagram user token's expiry is known from its last refresh");

        var list = await api.Subscriptions.ListAsync(token, accountId, cancellationToken);
        if (!list.Call.IsOk)
        {
            checks.Fail(SubscriptionCheck, $"the account's subscriptions could not be read: {GraphErrorMapping.Scrub(list.Call.Message, token)}");
        }
        else if (list.Apps.FirstOrDefault(a => a.Fields.Contains(MessengerApiClient.MessagesField)) is { } app)
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
    public override async Task<TokenRefreshResult> RefreshCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken)
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
    /// The account's messaging webhooks for the app (Instagram API with Instagram Login:
    /// <c>POST graph.instagram.com/{ig-id}/subscribed_apps?subscribed_fields=messages,..</c> with the account's token).
    /// Only one integration holds the account, but the family shares one rule.
    /// </summary>
    protected override MetaSubscription Subscription(ChannelIntegration integration)
    {
        var accountId = InstagramCredentials.RequireInstagramAccountId(integration);
        return new MetaSubscription(api.Subscriptions, integration.RequireCredential(InstagramCredentials.AccessToken), accountId, $"the Instagram account {accountId}", SubscribedFields);
    }
}
