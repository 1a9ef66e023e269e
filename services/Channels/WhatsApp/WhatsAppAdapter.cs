using DaprChannels.Channels.Meta;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;
using DaprChannels.Channels.Meta.CloudApi;

namespace DaprChannels.Channels.WhatsApp;

/// <summary>The WhatsApp Cloud API channel: Meta's handshake and signed webhooks, sends through the Graph API.</summary>
/// <remarks>Credential tests and token refresh need the Meta app's id (config <c>appId</c>) for <c>debug_token</c> and the long-lived exchange.</remarks>
public sealed class WhatsAppAdapter(WhatsAppApiClient api, MetaAppTokens tokens, MetaSubscribedApps subscriptions)
    : MetaAppAdapter(WhatsAppDescriptor, WhatsAppCapabilities.Value), IAddressNormalizer, IMediaSource, IConversationActions
{
    private static readonly ChannelDescriptor WhatsAppDescriptor = new(
        Platforms.WhatsApp,
        "WhatsApp Cloud API",
        [
            new ChannelField(WhatsAppCredentials.PhoneNumberId, Required: true, Secret: false, "Phone number id of the business number (WhatsApp > API Setup)."),
            new ChannelField(WhatsAppCredentials.BusinessAccountId, Required: false, Secret: false, "WhatsApp Business Account id; when set, the test checks that the app is subscribed to its webhooks."),
            new ChannelField(WhatsAppCredentials.AppId, Required: false, Secret: false, "Id of the Meta app; when set, the test reads the token's expiry and permissions and expiring tokens are refreshed."),
            .. WindowTemplate.ConfigFields,
        ],
        [
            new ChannelField(WhatsAppCredentials.AccessToken, Required: true, Secret: true, "System-user access token with whatsapp_business_messaging."),
            .. MetaAppCredentials.WebhookFields(),
        ],
        AccountField: WhatsAppCredentials.PhoneNumberId);

    public const string PhoneNumberCheck = "phoneNumber";
    public const string SubscriptionCheck = "subscription";
    public const string MessagingScope = "whatsapp_business_messaging";

    private readonly CloudApiChannel _cloudApi = new(api, WhatsAppCredentials.AccessToken, WhatsAppCredentials.RequirePhoneNumberId);

    public override IReadOnlyDictionary<string, string> PrepareCredentials(IReadOnlyDictionary<string, string> credentials) =>
        WhatsAppCredentials.Prepare(credentials);

    public override ParsedDelivery Parse(RawDelivery delivery, ChannelIntegration integration) => _cloudApi.Parse(delivery, integration);

    public override Task<SendResult> SendAsync(OutboundMessageRequested message, ChannelIntegration integration, CancellationToken cancellationToken) =>
        _cloudApi.SendAsync(message, integration, cancellationToken);

    public Task<MediaFetchResult> FetchMediaAsync(ChannelIntegration integration, string mediaId, CancellationToken cancellationToken) =>
        WhatsAppMediaDownload.FetchAsync(api, integration, mediaId, cancellationToken);

    public Task<SendResult> MarkAsReadAsync(ChannelIntegration integration, string channelAddress, string platformMessageId, CancellationToken cancellationToken) =>
        _cloudApi.MarkAsReadAsync(integration, platformMessageId, cancellationToken);

    public Task<SendResult> ShowTypingAsync(ChannelIntegration integration, string channelAddress, string? platformMessageId, CancellationToken cancellationToken) =>
        _cloudApi.ShowTypingAsync(integration, platformMessageId, cancellationToken);

    public string? NormalizeAddress(string address) => WhatsAppAddress.Normalize(address);

    /// <summary>
    /// Checks the number (reachable with this token), then with <c>appId</c> the token itself (valid,
    /// expiry, whatsapp_business_messaging granted), then with <c>businessAccountId</c> that the app is
    /// subscribed to the account's webhooks. Each check's outcome is in the details.
    /// </summary>
    public override async Task<CredentialTestResult> TestCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken)
    {
        var token = integration.RequireCredential(WhatsAppCredentials.AccessToken);
        var result = await api.GetPhoneNumberAsync(token, WhatsAppCredentials.RequirePhoneNumberId(integration), cancellationToken);
        if (!result.IsOk)
        {
            return CredentialChecks.CallFailed(
                GraphErrorMapping.ToFailure(result, secretToHide: token),
                "Meta refused the access token.",
                "The Graph API could not be asked",
                failedCheck: PhoneNumberCheck,
                reportRefusal: true);
        }

        var checks = new CredentialChecks();
        checks.Note("displayPhoneNumber", Field(result, "display_phone_number"));
        checks.Note("verifiedName", Field(result, "verified_name"));
        checks.Pass(PhoneNumberCheck);
        // Graph answers a phone number id only to a token granted its WhatsApp Business Account.
        checks.Prove(WhatsAppCredentials.RequirePhoneNumberId(integration));

        var appId = WhatsAppCredentials.AppIdOf(integration);
        var info = await tokens.CheckAsync(checks, token, appId, integration.RequireCredential(WhatsAppCredentials.AppSecret), MessagingScope, cancellationToken);
        await CheckSubscriptionAsync(checks, integration, token, appId, cancellationToken);
        var details = checks.Details;
        return checks.Result(
            $"Connected to {details["verifiedName"]} ({details["displayPhoneNumber"]}).",
            info?.ExpiresAt,
            info is { IsValid: true, NeverExpires: true },
            info is { IsValid: false });
    }

    /// <summary>Exchanges an expiring token for a long-lived one; system-user tokens issued without expiry need nothing.</summary>
    public override Task<TokenRefreshResult> RefreshCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken) =>
        tokens.RefreshAsync(
            integration.RequireCredential(WhatsAppCredentials.AccessToken),
            WhatsAppCredentials.AppIdOf(integration),
            integration.RequireCredential(WhatsAppCredentials.AppSecret),
            WhatsAppCredentials.AccessToken,
            cancellationToken);

    private async Task CheckSubscriptionAsync(CredentialChecks checks, ChannelIntegration integration, string token, string? appId, CancellationToken cancellationToken)
    {
        if (integration.ConfigValue(WhatsAppCredentials.BusinessAccountId) is not { } wabaId)
        {
            checks.Skip(SubscriptionCheck, "set businessAccountId to check the webhook subscription");
            return;
        }

        if (!MetaAppCredentials.IsValidGraphId(wabaId))
        {
            checks.Fail(SubscriptionCheck, "businessAccountId must be the numeric id of the WhatsApp Business Account");
            return;
        }

        var list = await subscriptions.ListAsync(token, wabaId, cancellationToken);
        if (!list.Call.IsOk)
        {
            checks.Fail(SubscriptionCheck, $"the subscriptions could not be read: {GraphErrorMapping.Scrub(list.Call.Message, token)}");
            return;
        }

        checks.Note("subscribedApps", string.Join(',', list.Apps.Select(a => a.Name ?? a.Id)));
        if (appId is null)
        {
            if (list.Apps.Count == 0)
            {
                checks.Fail(SubscriptionCheck, "no app is subscribed to the account's webhooks");
            }
            else
            {
                checks.Pass(SubscriptionCheck, "some app is subscribed; set appId to check it is this one");
            }
        }
        else if (list.Find(appId) is null)
        {
            checks.Fail(SubscriptionCheck, $"app {appId} is not subscribed to the account's webhooks (POST /{wabaId}/subscribed_apps)");
        }
        else
        {
            checks.Pass(SubscriptionCheck);
        }
    }

    /// <summary>
    /// The WhatsApp Business Account's webhooks (<c>POST /{waba-id}/subscribed_apps</c> needs
    /// whatsapp_business_management); the fields are the app's, chosen in its dashboard. Its subscription serves
    /// every phone number under it. Without <c>businessAccountId</c> there is nothing to call.
    /// </summary>
    protected override MetaSubscription? Subscription(ChannelIntegration integration) =>
        BusinessAccountOf(integration) is { } wabaId
            ? new MetaSubscription(subscriptions, integration.RequireCredential(WhatsAppCredentials.AccessToken), wabaId, $"the WhatsApp Business Account {wabaId}", [])
            : null;

    protected override string NoSubscription(bool registering) => registering
        ? "set businessAccountId for the gateway to subscribe the app, or subscribe it by hand: POST /{waba-id}/subscribed_apps"
        : "no businessAccountId: the gateway subscribed no WhatsApp Business Account";

    /// <summary>The WhatsApp Business Account: its subscription serves every phone number under it.</summary>
    public override string? WebhookObject(ChannelIntegration integration) =>
        BusinessAccountOf(integration) is { } wabaId ? MetaSubscribedApps.SharedObject(wabaId) : null;

    private static string? BusinessAccountOf(ChannelIntegration integration) =>
        integration.ConfigValue(WhatsAppCredentials.BusinessAccountId) is { } wabaId && MetaAppCredentials.IsValidGraphId(wabaId) ? wabaId : null;

    private static string Field(GraphCallResult result, string name) => PlatformJson.Text(result.Body, name) ?? "";
}
