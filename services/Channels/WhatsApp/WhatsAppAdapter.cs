using DaprChannels.Channels.Abstractions;
using DaprChannels.Channels.Meta;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.WhatsApp;

/// <summary>The WhatsApp Cloud API channel: Meta's handshake and signed webhooks, sends through the Graph API.</summary>
public sealed class WhatsAppAdapter(WhatsAppApiClient api) : IChannelAdapter, IMediaSource, IConversationActions
{
    private static readonly ChannelDescriptor WhatsAppDescriptor = new(
        Platforms.WhatsApp,
        "WhatsApp Cloud API",
        [
            new ChannelField(WhatsAppCredentials.PhoneNumberId, Required: true, Secret: false, "Phone number id of the business number (WhatsApp > API Setup)."),
            new ChannelField(WhatsAppCredentials.BusinessAccountId, Required: false, Secret: false, "WhatsApp Business Account id."),
            .. WindowTemplate.ConfigFields,
        ],
        [
            new ChannelField(WhatsAppCredentials.AccessToken, Required: true, Secret: true, "System-user access token with whatsapp_business_messaging."),
            new ChannelField(WhatsAppCredentials.AppSecret, Required: true, Secret: true, "App secret of the Meta app, for X-Hub-Signature-256."),
            new ChannelField(WhatsAppCredentials.PreviousAppSecret, Required: false, Secret: true, "The app secret being rotated out, still accepted until removed."),
            new ChannelField(WhatsAppCredentials.VerifyToken, Required: false, Secret: true, "Verify token entered in the app dashboard; generated when left empty."),
        ],
        AccountField: WhatsAppCredentials.PhoneNumberId);

    private readonly WhatsAppSender _sender = new(api);

    public ChannelDescriptor Descriptor => WhatsAppDescriptor;

    public ChannelCapabilities Capabilities => WhatsAppCapabilities.Value;

    public IReadOnlyDictionary<string, string> PrepareCredentials(IReadOnlyDictionary<string, string> credentials) =>
        WhatsAppCredentials.Prepare(credentials);

    public WebhookHandshake Handshake(WebhookRequest request, ChannelIntegration integration) =>
        WhatsAppWebhookVerifier.Handshake(request, integration);

    public WebhookVerdict Verify(WebhookRequest request, ChannelIntegration integration) =>
        WhatsAppWebhookVerifier.Verify(request, integration);

    /// <summary>Meta gives a delivery no id: the body's hash stands in, and messages are deduped on their wamid downstream.</summary>
    public string? DeliveryId(WebhookRequest request) => null;

    public ParsedDelivery Parse(RawDelivery delivery, ChannelIntegration integration) =>
        WhatsAppParser.Parse(delivery.Body, WhatsAppCredentials.RequirePhoneNumberId(integration), delivery.OccurredAt);

    public Task<SendResult> SendAsync(OutboundMessageRequested message, ChannelIntegration integration, CancellationToken cancellationToken) =>
        _sender.SendAsync(
            message,
            integration.RequireCredential(WhatsAppCredentials.AccessToken),
            WhatsAppCredentials.RequirePhoneNumberId(integration),
            cancellationToken);

    public Task<MediaFetchResult> FetchMediaAsync(ChannelIntegration integration, string mediaId, CancellationToken cancellationToken) =>
        WhatsAppMediaDownload.FetchAsync(api, integration, mediaId, cancellationToken);

    /// <summary>Shows the user's message as read (blue ticks).</summary>
    public Task<SendResult> MarkAsReadAsync(ChannelIntegration integration, string channelAddress, string platformMessageId, CancellationToken cancellationToken) =>
        ReadAsync(integration, platformMessageId, showTyping: false, cancellationToken);

    /// <summary>WhatsApp shows typing only as part of marking the message being answered as read.</summary>
    public Task<SendResult> ShowTypingAsync(ChannelIntegration integration, string channelAddress, string? platformMessageId, CancellationToken cancellationToken) =>
        platformMessageId is null
            ? Task.FromResult(new SendResult(SendStatus.Permanent, ErrorCode: "no_message", Reason: "WhatsApp shows typing only for a received message being answered."))
            : ReadAsync(integration, platformMessageId, showTyping: true, cancellationToken);

    public async Task<CredentialTestResult> TestCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken)
    {
        var token = integration.RequireCredential(WhatsAppCredentials.AccessToken);
        var result = await api.GetPhoneNumberAsync(token, WhatsAppCredentials.RequirePhoneNumberId(integration), cancellationToken);
        if (!result.IsOk)
        {
            var failure = GraphErrorMapping.ToFailure(result, secretToHide: token);
            return new CredentialTestResult(false, failure.Status == SendStatus.Unauthorized
                ? "Meta refused the access token."
                : $"The Graph API could not be asked: {failure.Reason}", new Dictionary<string, string>
            {
                ["errorCode"] = failure.ErrorCode ?? "",
            });
        }

        var details = new Dictionary<string, string>
        {
            ["displayPhoneNumber"] = Field(result, "display_phone_number"),
            ["verifiedName"] = Field(result, "verified_name"),
        };
        return new CredentialTestResult(true, $"Connected to {details["verifiedName"]} ({details["displayPhoneNumber"]}).", details);
    }

    public Task<TokenRefreshResult> RefreshCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken) =>
        Task.FromResult(new TokenRefreshResult(false, "not applicable: system-user access tokens are issued without expiry and replaced by hand"));

    public Task<CredentialTestResult> RegisterWebhookAsync(ChannelIntegration integration, Uri webhookUrl, CancellationToken cancellationToken) =>
        Task.FromResult(new CredentialTestResult(false, "configured in the Meta app dashboard: enter this URL and the verify token under WhatsApp > Configuration"));

    private async Task<SendResult> ReadAsync(ChannelIntegration integration, string platformMessageId, bool showTyping, CancellationToken cancellationToken)
    {
        var token = integration.RequireCredential(WhatsAppCredentials.AccessToken);
        var result = await api.MarkAsReadAsync(token, WhatsAppCredentials.RequirePhoneNumberId(integration), platformMessageId, showTyping, cancellationToken);
        return result.IsOk ? SendResult.Sent(platformMessageId) : GraphErrorMapping.ToFailure(result, secretToHide: token);
    }

    private static string Field(GraphCallResult result, string name) =>
        result.Body.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() ?? "" : "";
}
