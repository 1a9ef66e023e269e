namespace DaprChannels.Channels.Telegram;

/// <summary>What a Telegram bot can send. Bots get no delivery or read receipts.</summary>
public static class TelegramCapabilities
{
    /// <summary>sendMessage's documented limit, in characters.</summary>
    public const int MaxTextLength = 4096;

    /// <summary>Media captions are limited separately from message text.</summary>
    public const int MaxCaptionLength = 1024;

    /// <summary>callback_data is limited to 1-64 bytes.</summary>
    public const int MaxCallbackDataBytes = 64;

    public static readonly ChannelCapabilities Value = new(
        Media: true,
        MediaById: true,
        Location: true,
        Contacts: true,
        Buttons: true,
        Lists: true,
        Reactions: true,
        TypingIndicator: true,
        MaxTextLength: MaxTextLength,
        // An inline keyboard holds at most 100 buttons.
        MaxButtons: 100,
        CanRegisterWebhook: true,
        // Clients show a pressed inline button as loading until answerCallbackQuery.
        AcknowledgeInteractions: true);
}
