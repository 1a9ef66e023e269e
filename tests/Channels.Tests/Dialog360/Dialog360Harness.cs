namespace DaprChannels.Channels.Tests.Dialog360;

/// <summary>The 360dialog setup of the channel harness: a channel on the 360dialog simulator.</summary>
public static class Dialog360Harness
{
    public const string ApiKey = "d360simKEY0123456789abcdefABCDEF";
    public const string WebhookToken = "d360-webhook-token-0123456789abcdef";
    public const string PhoneNumberId = "103984729156482";
    public const string UserWaId = "4915112345678";

    public static ChannelIntegration Integrate(string apiKey = ApiKey, string? signingSecret = null, string phoneNumberId = PhoneNumberId)
    {
        var credentials = new Dictionary<string, string>
        {
            [Dialog360Credentials.ApiKey] = apiKey,
            [Dialog360Credentials.WebhookToken] = WebhookToken,
        };
        if (signingSecret is not null)
        {
            credentials[Dialog360Credentials.WebhookSigningSecret] = signingSecret;
        }

        return new ChannelIntegration("int-360", "tenant-1", Platforms.Dialog360,
            new Dictionary<string, string> { [Dialog360Credentials.PhoneNumberId] = phoneNumberId, [Dialog360Credentials.WabaId] = "114207368249531" },
            credentials);
    }

    /// <param name="baseUrl">Overrides the simulator's address (to aim at a closed port).</param>
    public static async Task<ChannelHarness<Dialog360Adapter, Dialog360ApiSimulator>> StartAsync(Uri? baseUrl = null, TimeSpan? requestTimeout = null, long? maxMediaBytes = null)
    {
        var simulator = await Dialog360ApiSimulator.StartAsync();
        simulator.AddChannel(ApiKey, PhoneNumberId);
        var limits = new Dictionary<string, string?>();
        if (maxMediaBytes is { } max)
        {
            limits["Channels:Dialog360:MaxMediaBytes"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return ChannelHarness.Start<Dialog360Adapter, Dialog360ApiSimulator>(simulator, Integrate(), UserWaId, ChannelHarness.Endpoint("Dialog360", baseUrl ?? simulator.BaseUrl, requestTimeout), limits);
    }
}
