namespace DaprChannels.Channels.Dialog360;

/// <summary>Settings for the 360dialog WhatsApp API client, bound from <c>Channels:Dialog360</c>.</summary>
public sealed class Dialog360Options
{
    public const string SectionName = "Channels:Dialog360";

    /// <summary>Where 360dialog's Cloud API relay lives; tests point it at a simulator on loopback.</summary>
    public Uri BaseUrl { get; set; } = new("https://waba-v2.360dialog.io");

    /// <summary>How long one API call may take (for a media download: until its headers) before it counts as a transient failure.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest media file fetched; the Cloud API itself refuses files over 100 MB.</summary>
    public long MaxMediaBytes { get; set; } = 100L * 1024 * 1024;
}
