namespace DaprChannels.TestSupport.AdminApi;

/// <summary>The admin API's connect requests (<c>POST /api/v1/integrations</c>) for the <see cref="SampleCredentials"/> accounts.</summary>
public static class SampleIntegrations
{
    /// <summary>The sample Telegram bot; <paramref name="bot"/> is the integration's bot settings, the default ones when null.</summary>
    public static Dictionary<string, object?> Telegram(object? bot = null) => Request(
        "telegram", "Bot", config: null,
        new { botToken = SampleCredentials.TelegramBotToken, secretToken = SampleCredentials.TelegramSecretToken }, bot);

    /// <summary>
    /// The sample WhatsApp Cloud API number under the sample Meta app; Meta verifies the callback URL with
    /// <paramref name="verifyToken"/>, a generated one when null.
    /// </summary>
    public static Dictionary<string, object?> WhatsApp(string name, object? bot = null, string? verifyToken = null)
    {
        var credentials = new Dictionary<string, string>
        {
            ["accessToken"] = SampleCredentials.WhatsAppAccessToken, ["appSecret"] = SampleCredentials.MetaAppSecret,
        };
        if (verifyToken is not null)
        {
            credentials["verifyToken"] = verifyToken;
        }

        return Request("whatsapp", name, new { phoneNumberId = SampleCredentials.WhatsAppPhoneNumberId }, credentials, bot);
    }

    /// <summary>The sample Facebook Page's Messenger under the sample Meta app.</summary>
    public static Dictionary<string, object?> Messenger(string name, object? bot = null) => Request(
        "messenger", name, new { pageId = SampleCredentials.MessengerPageId },
        new { pageAccessToken = SampleCredentials.PageAccessToken, appSecret = SampleCredentials.MetaAppSecret }, bot);

    private static Dictionary<string, object?> Request(string platform, string name, object? config, object credentials, object? bot)
    {
        var request = new Dictionary<string, object?> { ["platform"] = platform, ["name"] = name, ["credentials"] = credentials };
        if (config is not null)
        {
            request["config"] = config;
        }

        // Left out, not null, when not given: the API then applies its default bot.
        if (bot is not null)
        {
            request["bot"] = bot;
        }

        return request;
    }
}
