using DaprChannels.Channels.Abstractions;
using DaprChannels.Channels.Meta;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Messenger;

/// <summary>The Facebook Messenger channel: Meta's handshake and signed webhooks, sends through the Send API with the Page token.</summary>
public sealed class MessengerAdapter(MessengerApiClient api, MetaAppTokens tokens, MetaSubscribedApps subscriptions) : IChannelAdapter, IConversationActions, IWebhookRemoval, ISharedWebhook
{
    public const string TypingOn = "typing_on";
    public const string TypingOff = "typing_off";
    public const string MarkSeen = "mark_seen";

    public const string PageCheck = "page";
    public const string SubscriptionCheck = "subscription";
    public const string MessagingScope = "pages_messaging";

    /// <summary>Without <c>messages</c> nothing arrives; the others bring buttons, receipts and echoes.</summary>
    public const string MessagesField = "messages";

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
            new ChannelField(MessengerCredentials.AppSecret, Required: true, Secret: true, "App secret of the Meta app, for X-Hub-Signature-256."),
            new ChannelField(MessengerCredentials.PreviousAppSecret, Required: false, Secret: true, "The app secret being rotated out, still accepted until removed."),
            new ChannelField(MessengerCredentials.VerifyToken, Required: false, Secret: true, "Verify token entered in the app dashboard; generated when left empty.", Generated: true),
        ],
        AccountField: MessengerCredentials.PageId);

    private readonly MessengerSender _sender = new(api, MessagingSendProfile.Messenger);

    public ChannelDescriptor Descriptor => MessengerDescriptor;

    public ChannelCapabilities Capabilities => MessengerCapabilities.Value;

    public IReadOnlyDictionary<string, string> PrepareCredentials(IReadOnlyDictionary<string, string> credentials) =>
        MessengerCredentials.Prepare(credentials);

    public WebhookHandshake Handshake(WebhookRequest request, ChannelIntegration integration) =>
        MetaWebhookVerifier.Handshake(request, integration);

    public WebhookVerdict Verify(WebhookRequest request, ChannelIntegration integration) =>
        MetaWebhookVerifier.Verify(request, integration);

    /// <summary>Meta gives a delivery no id: the body's hash stands in, and messages are deduped on their mid downstream.</summary>
    public string? DeliveryId(WebhookRequest request) => null;

    public ParsedDelivery Parse(RawDelivery delivery, ChannelIntegration integration) =>
        MessengerParser.Parse(delivery.Body, MessengerCredentials.RequirePageId(integration), delivery.OccurredAt, MessagingDialect.Messenger);

    public Task<SendResult> SendAsync(OutboundMessageRequested message, ChannelIntegration integration, CancellationToken cancellationToken) =>
        _sender.SendAsync(
            message,
            integration.RequireCredential(MessengerCredentials.PageAccessToken),
            MessengerCredentials.RequirePageId(integration),
            cancellationToken);

    /// <summary>Shows the typing bubble to the contact (Meta clears it after 20 seconds or at the next message).</summary>
    public Task<SendResult> ShowTypingAsync(ChannelIntegration integration, string channelAddress, string? platformMessageId, CancellationToken cancellationToken) =>
        SendActionAsync(integration, channelAddress, TypingOn, cancellationToken);

    /// <summary>Marks the contact's messages up to now as seen; the Send API takes no message id for it.</summary>
    public Task<SendResult> MarkAsReadAsync(ChannelIntegration integration, string channelAddress, string platformMessageId, CancellationToken cancellationToken) =>
        SendActionAsync(integration, channelAddress, MarkSeen, cancellationToken);

    /// <summary>
    /// Checks the Page (the token acts for it), then with <c>appId</c> the token itself (valid, expiry,
    /// pages_messaging granted) and that the app is subscribed to the Page with <c>messages</c>,
    /// naming the useful fields that are missing. Each check's outcome is in the details.
    /// </summary>
    public async Task<CredentialTestResult> TestCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken)
    {
        var token = integration.RequireCredential(MessengerCredentials.PageAccessToken);
        var pageId = MessengerCredentials.RequirePageId(integration);
        var result = await api.GetAccountAsync(token, "me", "id,name", cancellationToken);
        if (!result.IsOk)
        {
            return MessagingCredentialTests.Refused(result, token);
        }

        var checks = new CredentialChecks();
        checks.Note("pageId", MessagingCredentialTests.Field(result, "id"));
        checks.Note("pageName", MessagingCredentialTests.Field(result, "name"));
        var pageName = checks.Details["pageName"];
        if (checks.Details["pageId"] != pageId)
        {
            checks.Fail(PageCheck, $"the access token belongs to another Page ({checks.Details["pageId"]}), not to {pageId}");
            return checks.Result("");
        }

        checks.Pass(PageCheck);
        checks.Prove(pageId);
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
    public Task<TokenRefreshResult> RefreshCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken) =>
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
    /// Subscribes the token's app to the Page's messaging webhooks (<c>POST /{page-id}/subscribed_apps</c>, which needs
    /// pages_manage_metadata). Meta delivers to the callback URL of the app's dashboard, not to <paramref name="webhookUrl"/>.
    /// </summary>
    public Task<WebhookResult> RegisterWebhookAsync(ChannelIntegration integration, Uri webhookUrl, CancellationToken cancellationToken)
    {
        var pageId = MessengerCredentials.RequirePageId(integration);
        return subscriptions.SubscribeAsync(integration.RequireCredential(MessengerCredentials.PageAccessToken), pageId, SubscribedFields, $"the Page {pageId}", cancellationToken);
    }

    /// <summary>Removes the app from the Page's webhooks (<c>DELETE /{page-id}/subscribed_apps</c>): Lead Ads on the same Page stops too, see <see cref="WebhookObject"/>.</summary>
    public Task<WebhookResult> RemoveWebhookAsync(ChannelIntegration integration, Uri webhookUrl, CancellationToken cancellationToken)
    {
        var pageId = MessengerCredentials.RequirePageId(integration);
        return subscriptions.UnsubscribeAsync(integration.RequireCredential(MessengerCredentials.PageAccessToken), pageId, $"the Page {pageId}", cancellationToken);
    }

    /// <summary>The Page: its subscription also serves a Lead Ads integration of the same Page.</summary>
    public string? WebhookObject(ChannelIntegration integration) => MetaSubscribedApps.SharedObject(MessengerCredentials.RequirePageId(integration));

    private async Task<SendResult> SendActionAsync(ChannelIntegration integration, string recipientId, string action, CancellationToken cancellationToken)
    {
        var token = integration.RequireCredential(MessengerCredentials.PageAccessToken);
        var result = await api.SendActionAsync(token, MessengerCredentials.RequirePageId(integration), recipientId, action, cancellationToken);
        return result.IsOk ? SendResult.Sent(null) : MessengerErrorMapping.ToFailure(result, secretToHide: token);
    }
}
