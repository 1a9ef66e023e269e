namespace DaprChannels.Channels.Tests.WhatsApp;

/// <summary>The WhatsApp setup of the channel harness: a Cloud API number on the Graph API simulator.</summary>
public static class WhatsAppHarness
{
    public const string AccessToken = "EAAGm0PX4ZCpsBAKZCsimulatedSystemUserToken0123456789";
    public const string AppSecret = "5f4dcc3b5aa765d61d8327deb882cf99";
    public const string VerifyToken = "verify_Token-0123456789abcdefghij";
    public const string PhoneNumberId = "106540352242922";
    public const string DisplayPhoneNumber = "+1 555-078-3881";
    public const string VerifiedName = "Acme Support";
    public const string UserWaId = "16505551234";
    public const string ApiVersion = "v21.0";
    public const string AppId = "1517776481860111";
    public const string BusinessAccountId = "102290129340398";

    public static ChannelIntegration Integrate(string accessToken = AccessToken, IReadOnlyDictionary<string, string>? extraCredentials = null)
    {
        var credentials = new Dictionary<string, string>
        {
            [WhatsAppCredentials.AccessToken] = accessToken,
            [WhatsAppCredentials.AppSecret] = AppSecret,
            [WhatsAppCredentials.VerifyToken] = VerifyToken,
        };
        foreach (var (key, value) in extraCredentials ?? new Dictionary<string, string>())
        {
            credentials[key] = value;
        }

        return new ChannelIntegration("int-wa", "tenant-1", Platforms.WhatsApp,
            new Dictionary<string, string>
            {
                [WhatsAppCredentials.PhoneNumberId] = PhoneNumberId,
                [WhatsAppCredentials.BusinessAccountId] = BusinessAccountId,
                [WhatsAppCredentials.AppId] = AppId,
            },
            credentials);
    }

    /// <param name="baseUrl">Overrides the simulator's address (to aim at a closed port).</param>
    /// <param name="settings">More configuration, e.g. a lower size limit for media.</param>
    public static async Task<ChannelHarness<WhatsAppAdapter, GraphApiSimulator>> StartAsync(Uri? baseUrl = null, TimeSpan? requestTimeout = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var simulator = await GraphApiSimulator.StartAsync();
        // A system-user token of the app that never expires, the app subscribed to the business account: a number ready to use.
        simulator.AddPhoneNumber(AccessToken, PhoneNumberId, DisplayPhoneNumber, VerifiedName)
            .AddApp(AppId, AppSecret)
            .SetTokenFacts(AccessToken, AppId, null, ["whatsapp_business_management", "whatsapp_business_messaging"], "SYSTEM_USER")
            .AddBusinessAccount(BusinessAccountId, (AppId, "Acme Messaging"));
        return ChannelHarness.Start<WhatsAppAdapter, GraphApiSimulator>(simulator, Integrate(), UserWaId,
            ChannelHarness.Endpoint("Meta", baseUrl ?? simulator.BaseUrl, requestTimeout), new Dictionary<string, string?> { ["Channels:Meta:ApiVersion"] = ApiVersion }, settings ?? new Dictionary<string, string?>());
    }

    public static OutboundMessageRequested Outbound(MessageContent content, string address = UserWaId, string? inReplyTo = null) =>
        ChannelHarness.Outbound(Integrate(), content, address, inReplyTo);
}
