using System.Text;

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

        return Verify(request.Header(SecretTokenHeader), expected, integration.Credential(TelegramCredentials.PreviousSecretToken));
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
        var matchesCurrent = SecretComparison.Equal(presentedBytes, Encoding.UTF8.GetBytes(expected));
        var matchesPrevious = previous is not null && SecretComparison.Equal(presentedBytes, Encoding.UTF8.GetBytes(previous));
        return matchesCurrent | matchesPrevious ? WebhookVerdict.Valid : WebhookVerdict.Invalid("secret token mismatch");
    }
}
