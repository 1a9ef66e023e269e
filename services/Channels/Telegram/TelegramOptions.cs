namespace DaprChannels.Channels.Telegram;

/// <summary>Settings for the Telegram Bot API client, bound from <c>Channels:Telegram</c>.</summary>
public sealed class TelegramOptions
{
    public const string SectionName = "Channels:Telegram";

    /// <summary>Where the Bot API lives; tests point it at a simulator on loopback.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.telegram.org");

    /// <summary>How long one API call may take before it counts as a transient failure.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest file fetched by id. The Bot API lets bots download at most 20 MB; a lower cap may be set here.</summary>
    public long MaxFileBytes { get; set; } = TelegramMedia.BotApiDownloadLimit;
}
