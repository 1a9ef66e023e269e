namespace DaprChannels.Channels.Abstractions;

/// <summary>What a platform can do. Callers check these, never platform names.</summary>
/// <param name="HumanAgentWindow">How long after the contact's last message a person (not a bot) may still answer, tagged as a human agent's reply (Messenger's HUMAN_AGENT tag).</param>
/// <param name="TypingMarksRead">Showing typing also marks the message read (WhatsApp), so it is skipped where read marks are turned off.</param>
/// <param name="ReadWatermarks">Read receipts name a time ("read up to"), not messages; the Dispatcher keeps recent sends to match them.</param>
/// <param name="CustomerServiceWindow">
/// How long after the contact's last message free-form messages are allowed; null where there is no such window.
/// </param>
/// <param name="Templates">Sends <see cref="DaprChannels.Contracts.Messages.TemplateContent"/> natively (also outside the window).</param>
/// <param name="AcknowledgeInteractions">
/// Every button press must be acknowledged through the platform's API (Telegram's answerCallbackQuery),
/// or the contact's client keeps showing it as loading; see <see cref="IConversationActions.AcknowledgeInteractionAsync"/>.
/// </param>
/// <param name="CanRegisterWebhook">The gateway tells the platform to deliver through its API when connecting (see <see cref="IChannelAdapter.RegisterWebhookAsync"/>).</param>
/// <param name="WebhookNeedsPublicUrl">
/// The registration names the gateway's public webhook URL (Telegram's setWebhook), so it needs
/// <c>DaprChannels:PublicBaseUrl</c>; false where the platform takes no URL (Meta's subscribed_apps: the callback
/// URL is set once per app in its dashboard).
/// </param>
public sealed record ChannelCapabilities(
    bool Text = true,
    bool Media = false,
    bool MediaById = false,
    bool Location = false,
    bool Contacts = false,
    bool Buttons = false,
    bool Lists = false,
    bool Reactions = false,
    bool TypingIndicator = false,
    bool TypingMarksRead = false,
    bool MarkAsRead = false,
    bool DeliveryReceipts = false,
    bool ReadReceipts = false,
    bool ReadWatermarks = false,
    bool Leads = false,
    int MaxTextLength = 4096,
    int MaxButtons = 0,
    TimeSpan? CustomerServiceWindow = null,
    TimeSpan? HumanAgentWindow = null,
    bool Templates = false,
    bool CanRefreshToken = false,
    bool CanRegisterWebhook = false,
    bool WebhookNeedsPublicUrl = true,
    bool AcknowledgeInteractions = false);
