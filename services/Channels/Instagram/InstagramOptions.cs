namespace DaprChannels.Channels.Instagram;

/// <summary>
/// Where the Instagram API with Instagram Login lives, bound from <c>Channels:Instagram</c>. The API
/// version and the request timeout come from <c>Channels:Meta</c> unless set here.
/// </summary>
public sealed class InstagramOptions
{
    public const string SectionName = "Channels:Instagram";

    /// <summary>Instagram user tokens are accepted on graph.instagram.com, not on graph.facebook.com; tests point it at a simulator.</summary>
    public Uri BaseUrl { get; set; } = new("https://graph.instagram.com");

    public string? ApiVersion { get; set; }
}
