using System.Text.RegularExpressions;

namespace DaprChannels.Channels.Meta;

/// <summary>
/// What every Meta channel (WhatsApp Cloud, Messenger, Instagram, Lead Ads) names and checks alike:
/// the app secret that signs webhooks (and the one being rotated out), the webhook verify token, and
/// numeric Graph ids.
/// </summary>
public static partial class MetaAppCredentials
{
    public const string AppSecret = "appSecret";
    public const string PreviousAppSecret = "previousAppSecret";
    public const string VerifyToken = "verifyToken";

    /// <summary>A Facebook Page's id and token, named alike by the platforms built on a Page (Messenger, Lead Ads).</summary>
    public const string PageId = "pageId";
    public const string PageAccessToken = "pageAccessToken";

    /// <summary>
    /// The credential fields that authenticate the app's webhooks, described alike on every platform a Meta app
    /// delivers: its secret, the one being rotated out, and the verify token of the handshake.
    /// </summary>
    public static IReadOnlyList<ChannelField> WebhookFields(string appSecretDescription = "App secret of the Meta app, for X-Hub-Signature-256.") =>
    [
        new ChannelField(AppSecret, Required: true, Secret: true, appSecretDescription),
        new ChannelField(PreviousAppSecret, Required: false, Secret: true, "The app secret being rotated out, still accepted until removed."),
        new ChannelField(VerifyToken, Required: false, Secret: true, "Verify token entered in the app dashboard; generated when left empty.", Generated: true),
    ];

    public static string GenerateVerifyToken() => EnteredCredentials.GenerateToken();

    /// <summary>Graph ids are digits; checked before one goes into a URL path, so it cannot change the path.</summary>
    public static bool IsValidGraphId(string? id) => id is not null && GraphIdPattern().IsMatch(id);

    /// <summary>A numeric Graph id from the integration's config, or a configuration error naming the setting.</summary>
    public static string RequireGraphId(ChannelIntegration integration, string setting, string what)
    {
        var id = integration.ConfigValue(setting)
            ?? throw new ChannelConfigurationException($"The integration has no '{setting}' setting.");
        return IsValidGraphId(id)
            ? id
            : throw new ChannelConfigurationException($"The '{setting}' setting must be {what}.");
    }

    /// <summary>
    /// Checks what was entered (the channel's access token and the app secret are required, trimmed),
    /// generates the webhook verify token when none was given and drops an empty previous app secret.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Prepare(IReadOnlyDictionary<string, string> credentials, string accessTokenName)
    {
        var prepared = new EnteredCredentials(credentials);
        prepared.Require(accessTokenName);
        prepared.Require(AppSecret);
        prepared.OrGenerate(VerifyToken, GenerateVerifyToken);
        prepared.Optional(PreviousAppSecret);
        return prepared.Values;
    }

    [GeneratedRegex(@"^[0-9]{1,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex GraphIdPattern();
}
