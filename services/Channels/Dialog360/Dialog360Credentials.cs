using System.Text.RegularExpressions;
using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.Dialog360;

/// <summary>Names and rules of a 360dialog integration's config and credentials.</summary>
public static partial class Dialog360Credentials
{
    public const string PhoneNumberId = "phoneNumberId";
    public const string WabaId = "wabaId";

    public const string ApiKey = "apiKey";
    public const string WebhookToken = "webhookToken";
    public const string WebhookSigningSecret = "webhookSigningSecret";

    /// <summary>The webhook token is the only proof a delivery comes from 360dialog, so it must not be guessable.</summary>
    public const int MinWebhookTokenLength = 16;

    /// <summary>The phone number id deliveries are filtered and routed by.</summary>
    public static string RequirePhoneNumberId(ChannelIntegration integration) =>
        MetaAppCredentials.RequireGraphId(integration, PhoneNumberId, "the numeric phone number id shown in the 360dialog hub");

    /// <summary>A token travels as an HTTP header value that 360dialog echoes back: a plain URL-safe alphabet keeps it intact.</summary>
    public static bool IsValidWebhookToken(string? token) => token is not null && WebhookTokenPattern().IsMatch(token);

    /// <summary>Checks what was entered and generates the webhook token when none was given.</summary>
    public static IReadOnlyDictionary<string, string> Prepare(IReadOnlyDictionary<string, string> credentials)
    {
        var prepared = new EnteredCredentials(credentials);
        prepared.Require(ApiKey);
        if (prepared.OrGenerate(WebhookToken, MetaAppCredentials.GenerateVerifyToken) is { } token && !IsValidWebhookToken(token))
        {
            throw new ChannelConfigurationException(
                $"The '{WebhookToken}' credential must be {MinWebhookTokenLength}-256 characters of A-Z, a-z, 0-9, '_' and '-'.");
        }

        if (prepared.Optional(WebhookSigningSecret) is { } signing)
        {
            prepared.Set(WebhookSigningSecret, signing.Trim());
        }

        return prepared.Values;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{16,256}\z", RegexOptions.CultureInvariant)]
    private static partial Regex WebhookTokenPattern();
}
