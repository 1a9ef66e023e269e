using System.Security.Cryptography;
using System.Text;
using DaprChannels.Channels.Abstractions;

namespace DaprChannels.Channels.Telegram;

/// <summary>
/// Telegram signs nothing: it echoes the secret_token given to setWebhook in a header on every
/// delivery, so a constant-time comparison of that header is the whole verification.
/// </summary>
public static class TelegramWebhookVerifier
{
    public const string SecretTokenHeader = "X-Telegram-Bot-Api-Secret-Token";

    public static WebhookVerdict Verify(WebhookRequest request, ChannelIntegration integration)
    {
        var expected = integration.Credential(TelegramCredentials.SecretToken);
        if (expected is null)
        {
            return WebhookVerdict.Invalid("the integration has no secret token");
        }

        return Verify(FindHeader(request, SecretTokenHeader), expected, integration.Credential(TelegramCredentials.PreviousSecretToken));
    }

    /// <summary>Accepts the current secret and, during a rotation, the previous one.</summary>
    public static WebhookVerdict Verify(string? presented, string expected, string? previous = null)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return WebhookVerdict.Invalid("missing secret token header");
        }

        var presentedBytes = Encoding.UTF8.GetBytes(presented);
        // Both comparisons always run, so timing does not tell which secret matched.
        var matchesCurrent = FixedTimeEquals(presentedBytes, Encoding.UTF8.GetBytes(expected));
        var matchesPrevious = previous is not null && FixedTimeEquals(presentedBytes, Encoding.UTF8.GetBytes(previous));
        return matchesCurrent | matchesPrevious ? WebhookVerdict.Valid : WebhookVerdict.Invalid("secret token mismatch");
    }

    /// <summary>
    /// Compares over the expected secret's length whatever the presented length, so the time taken
    /// depends on the secret's length only, never on how much of it an attacker guessed right.
    /// </summary>
    public static bool FixedTimeEquals(byte[] presented, byte[] expected)
    {
        var padded = new byte[expected.Length];
        presented.AsSpan(0, Math.Min(presented.Length, expected.Length)).CopyTo(padded);
        var contentEqual = CryptographicOperations.FixedTimeEquals(padded, expected);
        return contentEqual & presented.Length == expected.Length;
    }

    internal static string? FindHeader(WebhookRequest request, string name)
    {
        var value = request.Header(name);
        if (value is not null)
        {
            return value;
        }

        foreach (var (key, headerValue) in request.Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return headerValue;
            }
        }

        return null;
    }
}
