using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Telegram;

/// <summary>The Telegram Bot API channel: webhook with a secret-token header, sends through the Bot API.</summary>
public sealed class TelegramAdapter(TelegramApiClient api)
    : ChannelAdapter(TelegramDescriptor, TelegramCapabilities.Value), IInboundChannel, IOutboundChannel, IChannelLifecycle, IMediaSource, IConversationActions, IWebhookRemoval
{
    /// <summary>Config key: a comma-separated list of update kinds to receive.</summary>
    public const string AllowedUpdatesConfig = "allowedUpdates";

    /// <summary>What setWebhook asks for when the integration does not say: every kind the parser reads.</summary>
    public static readonly IReadOnlyList<string> DefaultAllowedUpdates =
    [
        "message", "edited_message", "channel_post", "edited_channel_post",
        "business_message", "edited_business_message", "callback_query", "my_chat_member",
    ];

    private static readonly ChannelDescriptor TelegramDescriptor = new(
        Platforms.Telegram,
        "Telegram",
        [new ChannelField(AllowedUpdatesConfig, Required: false, Secret: false, "Comma-separated update kinds for setWebhook (default: messages, posts, button clicks).")],
        [
            new ChannelField(TelegramCredentials.BotToken, Required: true, Secret: true, "Bot token from @BotFather (<digits>:<characters>)."),
            new ChannelField(TelegramCredentials.SecretToken, Required: false, Secret: true, "Webhook secret token; generated when left empty.",
                Generated: true, PreviousField: TelegramCredentials.PreviousSecretToken),
            new ChannelField(TelegramCredentials.PreviousSecretToken, Required: false, Secret: true, "The secret token being rotated out, still accepted until removed."),
        ]);

    private readonly TelegramSender _sender = new(api);

    public override IReadOnlyDictionary<string, string> PrepareCredentials(IReadOnlyDictionary<string, string> credentials) =>
        TelegramCredentials.Prepare(credentials);

    /// <summary>Telegram sends no handshake: the webhook is registered through setWebhook.</summary>
    public WebhookHandshake Handshake(WebhookRequest request, ChannelIntegration integration) => WebhookHandshake.NotSupported;

    public WebhookVerdict Verify(WebhookRequest request, ChannelIntegration integration) =>
        TelegramWebhookVerifier.Verify(request, integration);

    public string? DeliveryId(WebhookRequest request) => TelegramParser.ReadUpdateId(request.Body.Span);

    public ParsedDelivery Parse(RawDelivery delivery, ChannelIntegration integration) =>
        TelegramParser.Parse(delivery.Body, delivery.OccurredAt);

    public Task<SendResult> SendAsync(OutboundMessageRequested message, ChannelIntegration integration, CancellationToken cancellationToken) =>
        _sender.SendAsync(message, integration.RequireCredential(TelegramCredentials.BotToken), cancellationToken);

    public Task<MediaFetchResult> FetchMediaAsync(ChannelIntegration integration, string mediaId, CancellationToken cancellationToken) =>
        TelegramMedia.FetchAsync(api, integration, mediaId, cancellationToken);

    /// <summary>Bots cannot mark messages as read; the capabilities say so and callers check them first.</summary>
    public Task<SendResult> MarkAsReadAsync(ChannelIntegration integration, string channelAddress, string platformMessageId, CancellationToken cancellationToken) =>
        Task.FromResult(new SendResult(SendStatus.Permanent, ErrorCode: "not_supported", Reason: "Telegram bots cannot mark messages as read."));

    /// <summary>sendChatAction "typing": shown for 5 seconds or until the bot's next message.</summary>
    public async Task<SendResult> ShowTypingAsync(ChannelIntegration integration, string channelAddress, string? platformMessageId, CancellationToken cancellationToken)
    {
        var result = await api.CallAsync(
            integration.RequireCredential(TelegramCredentials.BotToken),
            "sendChatAction",
            new JsonObject { ["chat_id"] = TelegramSender.ChatId(channelAddress), ["action"] = "typing" },
            cancellationToken);
        return result.IsOk ? SendResult.Sent(null) : TelegramSender.ToFailure(result);
    }

    /// <summary>
    /// answerCallbackQuery with no text: the pressed button stops loading and nothing else is shown.
    /// Telegram requires it for every callback query and refuses one answered too late.
    /// </summary>
    public async Task<SendResult> AcknowledgeInteractionAsync(ChannelIntegration integration, string callbackId, CancellationToken cancellationToken)
    {
        var result = await api.CallAsync(
            integration.RequireCredential(TelegramCredentials.BotToken),
            "answerCallbackQuery",
            new JsonObject { ["callback_query_id"] = callbackId },
            cancellationToken);
        return result.IsOk ? SendResult.Sent(null) : TelegramSender.ToFailure(result);
    }

    public async Task<CredentialTestResult> TestCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken)
    {
        var result = await api.GetMeAsync(integration.RequireCredential(TelegramCredentials.BotToken), cancellationToken);
        if (!result.IsOk)
        {
            var failure = TelegramSender.ToFailure(result);
            return new CredentialTestResult(false, failure.Status == SendStatus.Unauthorized
                ? "Telegram refused the bot token."
                : $"Telegram could not be asked: {result.Description}")
            {
                Unanswered = failure.Status == SendStatus.Transient,
            };
        }

        var bot = result.Result.Deserialize<TelegramUser>(TelegramJson.Options);
        var details = new Dictionary<string, string>
        {
            ["botId"] = bot?.Id.ToString(CultureInfo.InvariantCulture) ?? "",
            ["username"] = bot?.Username ?? "",
            ["firstName"] = bot?.FirstName ?? "",
        };
        if (bot?.CanJoinGroups is { } canJoin)
        {
            details["canJoinGroups"] = canJoin ? "true" : "false";
        }

        return new CredentialTestResult(true, $"Connected as @{bot?.Username}.", details);
    }

    public Task<TokenRefreshResult> RefreshCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken) =>
        Task.FromResult(new TokenRefreshResult(false, "not applicable: Telegram bot tokens do not expire"));

    public async Task<WebhookResult> RegisterWebhookAsync(ChannelIntegration integration, Uri webhookUrl, CancellationToken cancellationToken)
    {
        var allowed = integration.ConfigValue(AllowedUpdatesConfig) is { } configured
            ? configured.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : DefaultAllowedUpdates;

        var body = new JsonObject
        {
            ["url"] = webhookUrl.AbsoluteUri,
            ["allowed_updates"] = new JsonArray([.. allowed.Select(kind => (JsonNode?)JsonValue.Create(kind))]),
            // Updates that queued up while no webhook was set are still wanted.
            ["drop_pending_updates"] = false,
        };
        if (integration.Credential(TelegramCredentials.SecretToken) is { } secret)
        {
            body["secret_token"] = secret;
        }

        var result = await api.CallAsync(integration.RequireCredential(TelegramCredentials.BotToken), "setWebhook", body, cancellationToken);
        return result.IsOk
            ? WebhookResult.Done(result.Description ?? "Webhook was set")
            : WebhookResult.Failed($"setWebhook failed: {result.Description}", new Dictionary<string, string>
            {
                ["errorCode"] = result.ErrorCode?.ToString(CultureInfo.InvariantCulture) ?? result.Outcome.ToString(),
            });
    }

    public async Task<WebhookResult> RemoveWebhookAsync(ChannelIntegration integration, Uri webhookUrl, CancellationToken cancellationToken)
    {
        // Updates that arrive meanwhile stay queued at Telegram for a reconnect (or getUpdates) to collect.
        var result = await api.CallAsync(integration.RequireCredential(TelegramCredentials.BotToken), "deleteWebhook",
            new JsonObject { ["drop_pending_updates"] = false }, cancellationToken);
        return result.IsOk
            ? WebhookResult.Done(result.Description ?? "Webhook was deleted")
            : WebhookResult.Failed($"deleteWebhook failed: {result.Description}", new Dictionary<string, string>
            {
                ["errorCode"] = result.ErrorCode?.ToString(CultureInfo.InvariantCulture) ?? result.Outcome.ToString(),
            });
    }
}
