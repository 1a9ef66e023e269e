namespace DaprChannels.Channels.Widget;

/// <summary>What the widget bubble renders: text, media by URL, buttons and lists. It reports no receipts.</summary>
public static class WidgetCapabilities
{
    public const int MaxButtons = 10;

    // There is no media store behind the widget: only public URLs can be shown (no media by id).
    public static readonly ChannelCapabilities Value = new(Media: true, Buttons: true, Lists: true, MaxTextLength: 4000, MaxButtons: MaxButtons);
}
