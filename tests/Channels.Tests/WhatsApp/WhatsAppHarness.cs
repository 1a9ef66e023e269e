using DaprChannels.Channels.Tests.Meta;

namespace DaprChannels.Channels.Tests.WhatsApp;

/// <summary>The WhatsApp setup of the channel harness: a Cloud API number on the Graph API simulator.</summary>
public static class WhatsAppHarness
{
    public const string AccessToken = "EAAGm0PX4ZCpsBAKZCsimulatedSystemUserToken0123456789";
    public const string AppSecret = MetaHarness.AppSecret;
    public const string VerifyToken = "verify_Token-0123456789abcdefghij";
    public const string PhoneNumberId = "106540352242922";
    public const string DisplayPhoneNumber = "+1 555-078-3881";
    public const string VerifiedName = "Acme Support";
    public const string UserWaId = "16505551234";
    public const string ApiVersion = MetaHarness.ApiVersion;
    public const string AppId = MetaHarness.AppId;
    public const string BusinessAccountId = "102290129340398";

    public static ChannelIntegration Integrate(string accessToken = AccessToken, IReadOnlyDictionary<string, string>? extraCredentials = null) =>
        MetaHarness.Integrate("int-wa", Platforms.WhatsApp,
            new Dictionary<string, string>
            {
                [WhatsAppCredentials.PhoneNumberId] = PhoneNumberId,
                [WhatsAppCredentials.BusinessAccountId] = BusinessAccountId,
                [WhatsAppCredentials.AppId] = AppId,
            },
            new(WhatsAppCredentials.AccessToken, accessToken), AppSecret, VerifyToken, extraCredentials);

    /// <param name="baseUrl">Overrides the simulator's address (to aim at a closed port).</param>
    /// <param name="settings">More configuration, e.g. a lower size limit for media.</param>
    public static async Task<ChannelHarness<WhatsAppAdapter, GraphApiSimulator>> StartAsync(Uri? baseUrl = null, TimeSpan? requestTimeout = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var simulator = await GraphApiSimulator.StartAsync();
        // A system-user token of the app that never expires, the app subscribed to the business account: a number ready to use.
        simulator.AddPhoneNumber(AccessToken, PhoneNumberId, DisplayPhoneNumber, VerifiedName)
            .AddApp(AppId, AppSecret)
            .SetTokenFacts(AccessToken, AppId, null, ["whatsapp_business_management", "whatsapp_business_messaging"], "SYSTEM_USER")
            .AddBusinessAccount(BusinessAccountId, (AppId, MetaHarness.AppName));
        return MetaHarness.Start<WhatsAppAdapter>(simulator, Integrate(), UserWaId, baseUrl, requestTimeout, settings ?? new Dictionary<string, string?>());
    }
}
