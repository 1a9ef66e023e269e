namespace DaprChannels.Channels.Tests.Meta;

/// <summary>
/// What the harnesses of the platforms on Meta's Graph API set up alike: the API version the adapters call,
/// an integration holding the channel's access token beside the app secret and verify token, and the
/// configuration that points an adapter at the Graph API simulator.
/// </summary>
public static class MetaHarness
{
    public const string ApiVersion = "v21.0";

    /// <summary>The Meta app that the Messenger, Instagram and WhatsApp test accounts are subscribed to.</summary>
    public const string AppId = "1517776481860111";

    public const string AppName = "Acme Messaging";

    /// <summary>That app's secret, which signs the webhooks of all three.</summary>
    public const string AppSecret = "5f4dcc3b5aa765d61d8327deb882cf99";

    /// <param name="accessToken">The channel's token under the name the platform stores it.</param>
    /// <param name="extraCredentials">Added to, or replacing, the three credentials every Meta channel holds.</param>
    public static ChannelIntegration Integrate(
        string id, string platform, IReadOnlyDictionary<string, string> config, KeyValuePair<string, string> accessToken,
        string appSecret, string verifyToken, IReadOnlyDictionary<string, string>? extraCredentials)
    {
        var credentials = new Dictionary<string, string>
        {
            [accessToken.Key] = accessToken.Value,
            [MetaAppCredentials.AppSecret] = appSecret,
            [MetaAppCredentials.VerifyToken] = verifyToken,
        };
        return new ChannelIntegration(id, "tenant-1", platform, config, With(credentials, extraCredentials));
    }

    /// <summary><paramref name="values"/> with <paramref name="overrides"/> added or replacing theirs.</summary>
    public static Dictionary<string, string> With(IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string>? overrides)
    {
        var merged = new Dictionary<string, string>(values);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }

        return merged;
    }

    /// <summary>The harness of <typeparamref name="TAdapter"/> calling the Graph API at <paramref name="graphBaseUrl"/>, or the simulator.</summary>
    /// <param name="settings">More configuration, e.g. another host the platform serves.</param>
    public static ChannelHarness<TAdapter, GraphApiSimulator> Start<TAdapter>(
        GraphApiSimulator simulator, ChannelIntegration integration, string defaultAddress, Uri? graphBaseUrl, TimeSpan? requestTimeout,
        params IEnumerable<KeyValuePair<string, string?>>[] settings)
        where TAdapter : class, IInboundChannel, IOutboundChannel, IChannelLifecycle =>
        ChannelHarness.Start<TAdapter, GraphApiSimulator>(simulator, integration, defaultAddress,
        [
            ChannelHarness.Endpoint("Meta", graphBaseUrl ?? simulator.BaseUrl, requestTimeout),
            new Dictionary<string, string?> { ["Channels:Meta:ApiVersion"] = ApiVersion },
            .. settings,
        ]);
}
