namespace DaprChannels.TestSupport.AdminApi;

/// <summary>
/// Platform credentials shaped like the platforms' documented examples, for tests that need a valid-looking value
/// and not a particular one. Every test class has its own gateway and simulators, so classes share these freely;
/// a test that needs a second, distinct account declares its own.
/// </summary>
public static class SampleCredentials
{
    /// <summary>The bot token of Telegram's Bot API documentation.</summary>
    public const string TelegramBotToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

    /// <summary>What Telegram sends back in <c>X-Telegram-Bot-Api-Secret-Token</c> (letters, digits, _ and -).</summary>
    public const string TelegramSecretToken = "sample_secret_token-0123456789";

    /// <summary>A WhatsApp Cloud API phone number id, as Meta's samples show them.</summary>
    public const string WhatsAppPhoneNumberId = "106540352242922";

    public const string WhatsAppAccessToken = "EAAGm0PX4ZCpsBAKZBsampleaccesstoken0123456789";

    /// <summary>A Meta app's id, as the Graph API's token debugging shows it.</summary>
    public const string MetaAppId = "1517776481860111";

    /// <summary>A Meta app's secret (32 hex digits), which signs its webhooks.</summary>
    public const string MetaAppSecret = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    /// <summary>
    /// The operator's own Meta app's secret, which signs the app-level webhooks (<c>/webhooks/meta</c>) for every
    /// tenant: a value apart from <see cref="MetaAppSecret"/>, so that one cannot pass for the other.
    /// </summary>
    public const string PlatformAppSecret = "platform-meta-app-secret-0123456789";

    /// <summary>The operator's verify token for Meta's handshake on the app-level webhook.</summary>
    public const string PlatformVerifyToken = "platform-verify-token";

    public const string MessengerPageId = "104758392011284";

    public const string PageAccessToken = "EAAJZCsamplePageAccessToken0123456789";
}
