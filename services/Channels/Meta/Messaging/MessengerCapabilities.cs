namespace DaprChannels.Channels.Meta.Messaging;

/// <summary>What the Messenger Send API can send, with the documented limits the sender fits content to.</summary>
public static class MessengerCapabilities
{
    public const int MaxTextLength = 2000;

    /// <summary>Quick replies: at most 13, titles cut at 20 characters, payloads up to 1000.</summary>
    public const int MaxQuickReplies = 13;
    public const int MaxQuickReplyTitleLength = 20;
    public const int MaxQuickReplyPayloadLength = 1000;

    public static readonly ChannelCapabilities Value = MetaAppCapabilities.Subscribed with
    {
        Media = true,
        Buttons = true,
        Reactions = true,
        TypingIndicator = true,
        MarkAsRead = true,
        DeliveryReceipts = true,
        ReadReceipts = true,
        ReadWatermarks = true,
        MaxTextLength = MaxTextLength,
        MaxButtons = MaxQuickReplies,
        CustomerServiceWindow = TimeSpan.FromHours(24),
        HumanAgentWindow = TimeSpan.FromDays(7),
        CanRefreshToken = true,
    };
}
