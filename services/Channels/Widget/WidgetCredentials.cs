using System.Buffers.Text;
using System.Security.Cryptography;

namespace DaprChannels.Channels.Widget;

/// <summary>Names of a widget integration's credentials and config.</summary>
public static class WidgetCredentials
{
    public const string WidgetSecret = "widgetSecret";
    public const string PreviousWidgetSecret = "previousWidgetSecret";

    public const string AllowedOriginsConfig = "allowedOrigins";
    public const string TitleConfig = "title";
    public const string GreetingConfig = "greeting";
    public const string AccentColorConfig = "accentColor";

    /// <summary>32 random bytes, base64url.</summary>
    public static string GenerateSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static IReadOnlyDictionary<string, string> Prepare(IReadOnlyDictionary<string, string> credentials)
    {
        var prepared = new EnteredCredentials(credentials);
        prepared.OrGenerate(WidgetSecret, GenerateSecret);
        return prepared.Values;
    }
}
