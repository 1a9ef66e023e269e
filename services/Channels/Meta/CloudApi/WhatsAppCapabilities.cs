namespace DaprChannels.Channels.Meta.CloudApi;

/// <summary>What the WhatsApp Cloud API can send, with the documented limits the sender fits content to.</summary>
public static class WhatsAppCapabilities
{
    public const int MaxTextLength = 4096;
    public const int MaxCaptionLength = 1024;
    public const int MaxReplyButtons = 3;
    public const int MaxButtonTitleLength = 20;
    public const int MaxListRows = 10;
    public const int MaxListSections = 10;
    public const int MaxRowTitleLength = 24;
    public const int MaxRowDescriptionLength = 72;
    public const int MaxSectionTitleLength = 24;
    public const int MaxListButtonTextLength = 20;
    public const int MaxInteractiveBodyLength = 1024;
    public const int MaxHeaderLength = 60;
    public const int MaxFooterLength = 60;
    public const int MaxOptionIdLength = 200;

    public static readonly ChannelCapabilities Value = MetaAppCapabilities.Subscribed with
    {
        Media = true,
        MediaById = true,
        Location = true,
        Contacts = true,
        Buttons = true,
        Lists = true,
        Reactions = true,
        TypingIndicator = true,
        TypingMarksRead = true,
        MarkAsRead = true,
        DeliveryReceipts = true,
        ReadReceipts = true,
        MaxTextLength = MaxTextLength,
        MaxButtons = MaxReplyButtons,
        CustomerServiceWindow = TimeSpan.FromHours(24),
        Templates = true,
        CanRefreshToken = true,
    };
}
