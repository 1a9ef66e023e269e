using DaprChannels.Channels.Tests.Meta;

namespace DaprChannels.Channels.Tests.Messenger;

/// <summary>The Messenger setup of the channel harness: a Page on the Graph API simulator.</summary>
public static class MessengerHarness
{
    public const string PageAccessToken = "EAAJZCsimulatedPageAccessToken0123456789abcdefZZ";
    public const string AppSecret = MetaHarness.AppSecret;
    public const string VerifyToken = "verify_Messenger-0123456789abcdef";
    public const string PageId = "1067280970047460";
    public const string PageName = "Acme Outdoor";
    public const string UserPsid = "6789012345678901";
    public const string ApiVersion = MetaHarness.ApiVersion;
    public const string AppId = MetaHarness.AppId;

    public static ChannelIntegration Integrate(string pageAccessToken = PageAccessToken, IReadOnlyDictionary<string, string>? extraCredentials = null) =>
        MetaHarness.Integrate("int-fb", Platforms.Messenger, new Dictionary<string, string> { [MessengerCredentials.PageId] = PageId, [MessengerCredentials.AppId] = AppId },
            new(MessengerCredentials.PageAccessToken, pageAccessToken), AppSecret, VerifyToken, extraCredentials);

    /// <param name="baseUrl">Overrides the simulator's address (to aim at a closed port).</param>
    public static async Task<ChannelHarness<MessengerAdapter, GraphApiSimulator>> StartAsync(Uri? baseUrl = null, TimeSpan? requestTimeout = null)
    {
        var simulator = await GraphApiSimulator.StartAsync();
        // A Page token that does not expire, the app subscribed to every field the channel uses.
        simulator.AddPage(PageAccessToken, PageId, PageName)
            .AddApp(AppId, AppSecret)
            .SetTokenFacts(PageAccessToken, AppId, null, ["pages_messaging", "pages_manage_metadata"], "PAGE")
            .Subscribe(PageId, AppId, MetaHarness.AppName, "messages", "messaging_postbacks", "message_deliveries", "message_reads", "message_echoes");
        return MetaHarness.Start<MessengerAdapter>(simulator, Integrate(), UserPsid, baseUrl, requestTimeout);
    }
}
