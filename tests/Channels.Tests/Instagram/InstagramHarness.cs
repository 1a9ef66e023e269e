using DaprChannels.Channels.Tests.Meta;

namespace DaprChannels.Channels.Tests.Instagram;

/// <summary>The Instagram setup of the channel harness: an Instagram professional account on the Graph API simulator, serving Instagram's own host.</summary>
public static class InstagramHarness
{
    public const string AccessToken = "IGAAsimulatedInstagramUserToken0123456789abcdefZZ";
    public const string AppSecret = MetaHarness.AppSecret;
    public const string VerifyToken = "verify_Instagram-0123456789abcdef";
    public const string AccountId = "17841400000000001";
    public const string Username = "acme.outdoor";
    public const string UserIgsid = "1234567890123456";
    public const string ApiVersion = MetaHarness.ApiVersion;

    public static ChannelIntegration Integrate(string accessToken = AccessToken, IReadOnlyDictionary<string, string>? extraCredentials = null) =>
        MetaHarness.Integrate("int-ig", Platforms.Instagram, new Dictionary<string, string> { [InstagramCredentials.InstagramAccountId] = AccountId },
            new(InstagramCredentials.AccessToken, accessToken), AppSecret, VerifyToken, extraCredentials);

    /// <param name="baseUrl">Overrides the simulator's address (to aim at a closed port).</param>
    /// <param name="metaBaseUrl">Where graph.facebook.com calls go; Instagram must not use it.</param>
    public static async Task<ChannelHarness<InstagramAdapter, GraphApiSimulator>> StartAsync(Uri? baseUrl = null, TimeSpan? requestTimeout = null, Uri? metaBaseUrl = null)
    {
        var simulator = await GraphApiSimulator.StartAsync();
        simulator.AddInstagramAccount(AccessToken, AccountId, Username)
            .Subscribe(AccountId, MetaHarness.AppId, MetaHarness.AppName, "messages", "messaging_seen");
        return MetaHarness.Start<InstagramAdapter>(simulator, Integrate(), UserIgsid, metaBaseUrl ?? new Uri("http://127.0.0.1:9"), requestTimeout,
            new Dictionary<string, string?> { ["Channels:Instagram:BaseUrl"] = (baseUrl ?? simulator.BaseUrl).ToString() });
    }
}
