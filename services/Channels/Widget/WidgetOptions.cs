namespace DaprChannels.Channels.Widget;

/// <summary>Settings for the website chat widget, bound from <c>Channels:Widget</c>.</summary>
public sealed class WidgetOptions
{
    public const string SectionName = "Channels:Widget";

    /// <summary>The longest message a visitor may type, after trimming.</summary>
    public int MaxInboundTextLength { get; set; } = 4000;
}
