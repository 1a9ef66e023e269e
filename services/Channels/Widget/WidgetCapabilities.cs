namespace DaprChannels.Channels.Widget;

/// <summary>What the widget bubble renders: text, media by URL, buttons and lists. It reports no receipts.</summary>
public static class WidgetCapabilities
{
    public const int MaxButtons = 10;

    public static readonly ChannelCapabilities Value = new(
        Text: true,
        Media: true,
        // There is no media store behind the widget: only public URLs can be shown.
        MediaById: false,
        Location: false,
        Contacts: false,
        Buttons: true,
        Lists: true,
        Reactions: false,
        TypingIndicator: false,
        MarkAsRead: false,
        DeliveryReceipts: false,
        ReadReceipts: false,
        Leads: false,
        MaxTextLength: 4000,
        MaxButtons: MaxButtons,
        CustomerServiceWindow: null,
        CanRefreshToken: false,
        CanRegisterWebhook: false);
}
