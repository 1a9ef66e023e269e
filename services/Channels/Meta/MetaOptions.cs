namespace DaprChannels.Channels.Meta;

/// <summary>Settings for every Graph API call (WhatsApp, Messenger, Instagram), bound from <c>Channels:Meta</c>.</summary>
public sealed class MetaOptions
{
    public const string SectionName = "Channels:Meta";

    /// <summary>Where the Graph API lives; tests point it at a simulator on loopback.</summary>
    public Uri BaseUrl { get; set; } = new("https://graph.facebook.com");

    /// <summary>The pinned Graph API version, part of every URL.</summary>
    public string ApiVersion { get; set; } = "v21.0";

    /// <summary>How long one API call may take before it counts as a transient failure.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
