using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.WhatsApp;

/// <summary>Names and rules of a WhatsApp Cloud API integration's config and credentials.</summary>
public static class WhatsAppCredentials
{
    public const string PhoneNumberId = "phoneNumberId";
    public const string BusinessAccountId = "businessAccountId";
    public const string AppId = "appId";

    public const string AccessToken = "accessToken";
    public const string AppSecret = MetaAppCredentials.AppSecret;
    public const string PreviousAppSecret = MetaAppCredentials.PreviousAppSecret;
    public const string VerifyToken = MetaAppCredentials.VerifyToken;

    /// <summary>The phone number id every URL and every webhook filter is built from.</summary>
    public static string RequirePhoneNumberId(ChannelIntegration integration) =>
        MetaAppCredentials.RequireGraphId(integration, PhoneNumberId, "the numeric id Meta shows for the phone number");

    /// <summary>The Meta app id when set; <see cref="Meta.MetaAppTokens"/> refuses one that is not digits.</summary>
    public static string? AppIdOf(ChannelIntegration integration) => integration.ConfigValue(AppId);

    public static IReadOnlyDictionary<string, string> Prepare(IReadOnlyDictionary<string, string> credentials) =>
        MetaAppCredentials.Prepare(credentials, AccessToken);
}
