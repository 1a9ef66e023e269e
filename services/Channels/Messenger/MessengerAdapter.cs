using DaprChannels.Channels.Abstractions;
using DaprChannels.Channels.Meta;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Messenger;

/// <summary>The Facebook Messenger channel: Meta's handshake and signed webhooks, sends through the Send API with the Page token.</summary>
public sealed class MessengerAdapter(MessengerApiClient api) : IChannelAdapter, IConversationActions
{
    public const string TypingOn = "typing_on";
    public const string TypingOff = "typing_off";
    public const string MarkSeen = "mark_seen";

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
            new ChannelField(MessengerCredentials.VerifyToken, Required: false, Secret: true, "Verify token entered in the app dashboard; generated when left empty."),
        ],
        AccountField: MessengerCredentials.PageId);

    private readonly MessengerSender _sender = new(api, MessagingSendProfile.Messenger);

    public ChannelDescriptor Descriptor => MessengerDescriptor;

    public ChannelCapabilities Capabilities => MessengerCapabilities.Value;

    public IReadOnlyDictionary<string, string> PrepareCredentials(IReadOnlyDictionary<string, string> credentials) =>
        MessengerCredentials.Prepare(credentials);

    public WebhookHandshake Handshake(WebhookRequest request, ChannelIntegration integration) =>
        MessengerWebhookVerifier.Handshake(request, integration);

    public WebhookVerdict Verify(WebhookRequest request, ChannelIntegration integration) =>
        MessengerWebhookVerifier.Verify(request, integration);

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

    public async Task<CredentialTestResult> TestCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken)
    {
        var token = integration.RequireCredential(MessengerCredentials.PageAccessToken);
        var pageId = MessengerCredentials.RequirePageId(integration);
        var result = await api.GetAccountAsync(token, "me", "id,name", cancellationToken);
        if (!result.IsOk)
        {
            return MessagingCredentialTests.Refused(result, token);
        }

        var details = new Dictionary<string, string>
        {
            ["pageId"] = MessagingCredentialTests.Field(result, "id"),
            ["pageName"] = MessagingCredentialTests.Field(result, "name"),
        };
        return details["pageId"] == pageId
            ? new CredentialTestResult(true, $"Connected to the Page {details["pageName"]} ({pageId}).", details)
            : new CredentialTestResult(false, $"The access token belongs to another Page ({details["pageId"]}), not to {pageId}.", details);
    }

    public Task<TokenRefreshResult> RefreshCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken) =>
        Task.FromResult(new TokenRefreshResult(false,
            "not applicable: a Page access token issued from a long-lived user token does not expire; it is replaced by hand when revoked"));

    public Task<CredentialTestResult> RegisterWebhookAsync(ChannelIntegration integration, Uri webhookUrl, CancellationToken cancellationToken) =>
        Task.FromResult(new CredentialTestResult(false,
            "configured in the Meta app dashboard: enter this URL and the verify token under Messenger > Settings > Webhooks, and subscribe the Page"));

    private async Task<SendResult> SendActionAsync(ChannelIntegration integration, string recipientId, string action, CancellationToken cancellationToken)
    {
        var token = integration.RequireCredential(MessengerCredentials.PageAccessToken);
        var result = await api.SendActionAsync(token, MessengerCredentials.RequirePageId(integration), recipientId, action, cancellationToken);
        return result.IsOk ? SendResult.Sent(null) : MessengerErrorMapping.ToFailure(result, secretToHide: token);
    }
}
