using DaprChannels.Channels.Meta;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;
using DaprChannels.Channels.Meta.Messaging;

namespace DaprChannels.Channels.Messenger;

/// <summary>The Facebook Messenger channel: Meta's handshake and signed webhooks, sends through the Send API with the Page token.</summary>
public sealed class MessengerAdapter(MessengerApiClient api, MetaAppTokens tokens, MetaSubscribedApps subscriptions)
    : MessagingAdapter(MessengerDescriptor, MessagingSendProfile.Messenger, MessagingDialect.Messenger)
{
    public const string TypingOn = MessengerApiClient.TypingOn;
    public const string TypingOff = MessengerApiClient.TypingOff;
    public const string MarkSeen = MessengerApiClient.MarkSeen;

    public const string PageCheck = "page";
    public const string SubscriptionCheck = "subscription";
    public const string MessagingScope = "pages_messaging";

    private static readonly MessagingAccount Page = new("name", "pageId", "pageName", PageCheck,
        (read, expected) => $"the access token belongs to another Page ({read}), not to {expected}");

    /// <summary>Without <c>messages</c> nothing arrives; the others bring buttons, receipts and echoes.</summary>
    public const string MessagesField = MessengerApiClient.MessagesField;

    public static readonly IReadOnlyList<string> OptionalFields = ["messaging_postbacks", "message_deliveries", "message_reads", "message_echoes"];

    /// <summary>What connecting subscribes the app to: every Page field the parser reads (reactions too).</summary>
    public static readonly IReadOnlyList<string> SubscribedFields = [MessagesField, .. OptionalFields, "message_reactions"];

    private static readonly ChannelDescriptor MessengerDescriptor = new(
        Platforms.Messenger,
        "Facebook Messenger",
        [
            new ChannelField(MessengerCredentials.PageId, Required: true, Secret: false, "Id of the Facebook Page people message."),
            new ChannelField(MessengerCredentials.AppId, Required: false, Secret: false, "Id of the Meta app subscribed to the Page."),
        ],
        [
            new ChannelField(MessengerCredentials.PageAccessToken, Required: true, Secret: true, "Page access token with pages_messaging, issued from a long-lived user token so it does not expire."),
            .. MetaAppCredentials.WebhookFields(),
        ],
        AccountField: MessengerCredentials.PageId);

    protected override MessengerApiClient Messaging => api;

    protected override string AccessToken(ChannelIntegration integration) => integration.RequireCredential(MessengerCredentials.PageAccessToken);

    protected override string AccountId(ChannelIntegration integration) => MessengerCredentials.RequirePageId(integration);

    public override IReadOnlyDictionary<string, string> PrepareCredentials(IReadOnlyDictionary<string, string> credentials) =>
        MessengerCredentials.Prepare(credentials);

    /// <summary>
    /// Checks the Page (the token acts for it), then with <c>appId</c> the token itself (valid, expiry,
    /// pages_messaging granted) and that the app is subscribed to the Page with <c>messages</c>,
    /// naming the useful fields that are missing. Each check's outcome is in the details.
    /// </summary>
    public override async Task<CredentialTestResult> TestCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken)
    {
        var token = integration.RequireCredential(MessengerCredentials.PageAccessToken);
        var pageId = MessengerCredentials.RequirePageId(integration);
        var (checks, answer) = await MessagingCredentialTests.CheckAccountAsync(api, token, pageId, "me", Page, cancellationToken);
        if (checks is null)
        {
            return answer!;
        }

        var pageName = checks.Details["pageName"];
        var appId = integration.ConfigValue(MessengerCredentials.AppId);
        var info = await tokens.CheckAsync(checks, token, appId, integration.RequireCredential(MessengerCredentials.AppSecret), MessagingScope, cancellationToken);
        await CheckSubscriptionAsync(checks, token, pageId, appId, cancellationToken);
        return checks.Result(
            $"Connected to the Page {pageName} ({pageId}).",
            info?.ExpiresAt,
            info is { IsValid: true, NeverExpires: true },
            info is { IsValid: false });
    }

    /// <summary>A Page token from a long-lived user token does not expire; one that does is exchanged for a long-lived one.</summary>
    public override Task<TokenRefreshResult> RefreshCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken) =>
        tokens.RefreshAsync(
            integration.RequireCredential(MessengerCredentials.PageAccessToken),
            integration.ConfigValue(MessengerCredentials.AppId),
            integration.RequireCredential(MessengerCredentials.AppSecret),
            MessengerCredentials.PageAccessToken,
            cancellationToken);

    private async Task CheckSubscriptionAsync(CredentialChecks checks, string token, string pageId, string? appId, CancellationToken cancellationToken)
    {
        var list = await subscriptions.ListAsync(token, pageId, cancellationToken);
        if (!list.Call.IsOk)
        {
            checks.Fail(SubscriptionCheck, $"the Page's subscriptions could not be read: {GraphErrorMapping.Scrub(list.Call.Message, token)}");
            return;
        }

        var app = appId is null ? list.Apps.FirstOrDefault(a => a.Fields.Contains(MessagesField)) : list.Find(appId);
        if (app is null)
        {
            checks.Fail(SubscriptionCheck, appId is null
                ? "no app is subscribed to the Page's messages"
                : $"app {appId} is not subscribed to the Page (POST /{pageId}/subscribed_apps?subscribed_fields=messages,...)");
            return;
        }

        checks.Note("subscribedFields", string.Join(',', app.Fields));
        var missing = OptionalFields.Where(f => !app.Fields.Contains(f)).ToList();
        checks.Note("missingFields", string.Join(',', missing));
        if (!app.Fields.Contains(MessagesField))
        {
            checks.Fail(SubscriptionCheck, "the app is subscribed to the Page without the messages field");
        }
        else
        {
            var note = missing.Count == 0 ? null : $"not subscribed to {string.Join(", ", missing)}";
            checks.Pass(SubscriptionCheck, appId is null ? (note is null ? "" : note + "; ") + "set appId to check it is this app" : note);
        }
    }

    /// <summary>
    /// The Page's messaging webhooks (<c>POST /{page-id}/subscribed_apps</c> needs pages_manage_metadata). The Page's
    /// subscription also serves a Lead Ads integration of the same Page.
    /// </summary>
    protected override MetaSubscription Subscription(ChannelIntegration integration)
    {
        var pageId = MessengerCredentials.RequirePageId(integration);
        return new MetaSubscription(subscriptions, integration.RequireCredential(MessengerCredentials.PageAccessToken), pageId, $"the Page {pageId}", SubscribedFields);
    }
}
