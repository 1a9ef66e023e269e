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

    /// <summary>The largest media file fetched by id; a larger one is refused before its bytes are read.</summary>
    public long MaxMediaBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>
    /// Hosts (and their subdomains) a media download URL from Meta may point at, over https only. The
    /// access token is sent with the download, so a URL anywhere else is refused; the configured
    /// <see cref="BaseUrl"/>'s own host is always allowed.
    /// </summary>
    public List<string> MediaDownloadHosts { get; set; } = ["fbsbx.com"];
}
