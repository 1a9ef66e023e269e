namespace DaprChannels.Channels.Tests.Messenger;

/// <summary>The Messenger setup of the channel harness: a Page on the Graph API simulator.</summary>
public static class MessengerHarness
{
    public const string PageAccessToken = "EAAJZCsimulatedPageAccessToken0123456789abcdefZZ";
    public const string AppSecret = "0c8f7e1d2b3a49586776a5b4c3d2e1f0";
    public const string VerifyToken = "verify_Messenger-0123456789abcdef";
    public const string PageId = "1067280970047460";
    public const string PageName = "Acme Outdoor";
    public const string UserPsid = "6789012345678901";
    public const string ApiVersion = "v21.0";
    public const string AppId = "1517776481860111";

    public static ChannelIntegration Integrate(string pageAccessToken = PageAccessToken, IReadOnlyDictionary<string, string>? extraCredentials = null)
    {
        var credentials = new Dictionary<string, string>
        {
            [MessengerCredentials.PageAccessToken] = pageAccessToken,
            [MessengerCredentials.AppSecret] = AppSecret,
            [MessengerCredentials.VerifyToken] = VerifyToken,
        };
        foreach (var (key, value) in extraCredentials ?? new Dictionary<string, string>())
        {
            credentials[key] = value;
        }

        return new ChannelIntegration("int-fb", "tenant-1", Platforms.Messenger,
            new Dictionary<string, string> { [MessengerCredentials.PageId] = PageId, [MessengerCredentials.AppId] = AppId },
            credentials);
    }

    /// <param name="baseUrl">Overrides the simulator's address (to aim at a closed port).</param>
    public static async Task<ChannelHarness<MessengerAdapter, GraphApiSimulator>> StartAsync(Uri? baseUrl = null, TimeSpan? requestTimeout = null)
    {
        var simulator = await GraphApiSimulator.StartAsync();
        // A Page token that does not expire, the app subscribed to every field the channel uses.
        simulator.AddPage(PageAccessToken, PageId, PageName)
            .AddApp(AppId, AppSecret)
            .SetTokenFacts(PageAccessToken, AppId, null, ["pages_messaging", "pages_manage_metadata"], "PAGE")
            .Subscribe(PageId, AppId, "Acme Messaging", "messages", "messaging_postbacks", "message_deliveries", "message_reads", "message_echoes");
        return ChannelHarness.Start<MessengerAdapter, GraphApiSimulator>(simulator, Integrate(), UserPsid, ChannelHarness.Endpoint("Meta", baseUrl ?? simulator.BaseUrl, requestTimeout), new Dictionary<string, string?> { ["Channels:Meta:ApiVersion"] = ApiVersion });
    }

    public static OutboundMessageRequested Outbound(MessageContent content, string address = UserPsid, string? inReplyTo = null) =>
        ChannelHarness.Outbound(Integrate(), content, address, inReplyTo);
}
