using System.Security.Cryptography;
using System.Text.RegularExpressions;
using DaprChannels.Channels.Abstractions;

namespace DaprChannels.Channels.WhatsApp;

/// <summary>Names and rules of a WhatsApp Cloud API integration's config and credentials.</summary>
public static partial class WhatsAppCredentials
{
    public const string PhoneNumberId = "phoneNumberId";
    public const string BusinessAccountId = "businessAccountId";
    public const string AppId = "appId";

    public const string AccessToken = "accessToken";
    public const string AppSecret = "appSecret";
    public const string PreviousAppSecret = "previousAppSecret";
    public const string VerifyToken = "verifyToken";

    private const string TokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    public static string GenerateVerifyToken(int length = 32) => RandomNumberGenerator.GetString(TokenAlphabet, length);

    /// <summary>Graph ids are digits; checked before one goes into a URL path, so it cannot change the path.</summary>
    public static bool IsValidGraphId(string? id) => id is not null && GraphIdPattern().IsMatch(id);

    /// <summary>The phone number id every URL and every webhook filter is built from.</summary>
    public static string RequirePhoneNumberId(ChannelIntegration integration)
    {
        var id = integration.ConfigValue(PhoneNumberId)
            ?? throw new ChannelConfigurationException($"The integration has no '{PhoneNumberId}' setting.");
        return IsValidGraphId(id)
            ? id
            : throw new ChannelConfigurationException($"The '{PhoneNumberId}' setting must be the numeric id Meta shows for the phone number.");
    }

    /// <summary>The Meta app id when set; <see cref="Meta.MetaAppTokens"/> refuses one that is not digits.</summary>
    public static string? AppIdOf(ChannelIntegration integration) => integration.ConfigValue(AppId);

    /// <summary>Checks what was entered and generates the webhook verify token when none was given.</summary>
    public static IReadOnlyDictionary<string, string> Prepare(IReadOnlyDictionary<string, string> credentials)
    {
        var prepared = new Dictionary<string, string>(credentials, StringComparer.Ordinal);
        foreach (var required in new[] { AccessToken, AppSecret })
        {
            if (!prepared.TryGetValue(required, out var value) || string.IsNullOrWhiteSpace(value))
            {
                throw new ChannelConfigurationException($"The '{required}' credential is required.");
            }

            prepared[required] = value.Trim();
        }

        if (!prepared.TryGetValue(VerifyToken, out var verify) || string.IsNullOrWhiteSpace(verify))
        {
            prepared[VerifyToken] = GenerateVerifyToken();
        }

        if (prepared.TryGetValue(PreviousAppSecret, out var previous) && string.IsNullOrWhiteSpace(previous))
        {
            prepared.Remove(PreviousAppSecret);
        }

        return prepared;
    }

    [GeneratedRegex(@"^[0-9]{1,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex GraphIdPattern();
}
