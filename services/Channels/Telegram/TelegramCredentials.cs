using System.Text.RegularExpressions;

namespace DaprChannels.Channels.Telegram;

/// <summary>Names and rules of a Telegram integration's credentials.</summary>
public static partial class TelegramCredentials
{
    public const string BotToken = "botToken";
    public const string SecretToken = "secretToken";
    public const string PreviousSecretToken = "previousSecretToken";

    /// <summary>
    /// "&lt;bot id&gt;:&lt;secret&gt;". Checked before the token goes into a URL path, so it can never
    /// change the path or query of the request.
    /// </summary>
    public static bool IsValidBotToken(string? token) => token is not null && BotTokenPattern().IsMatch(token);

    /// <summary>setWebhook accepts 1-256 characters of A-Z a-z 0-9 _ -.</summary>
    public static bool IsValidSecretToken(string? secret) => secret is not null && SecretTokenPattern().IsMatch(secret);

    /// <summary>
    /// <paramref name="text"/> without the bot token: the whole token, and the part after the colon
    /// that is secret on its own (the bot id before it is public).
    /// </summary>
    public static string? Scrub(string? text, string? botToken)
    {
        var colon = botToken?.IndexOf(':') ?? -1;
        return SecretText.Scrub(text, botToken, colon >= 0 && colon < botToken!.Length - 1 ? botToken[(colon + 1)..] : null);
    }

    public static string GenerateSecretToken() => EnteredCredentials.GenerateToken();

    /// <summary>Checks what was entered and generates the webhook secret when none was given.</summary>
    public static IReadOnlyDictionary<string, string> Prepare(IReadOnlyDictionary<string, string> credentials)
    {
        var prepared = new EnteredCredentials(credentials);
        if (!IsValidBotToken(prepared.Require(BotToken)))
        {
            throw new ChannelConfigurationException($"The '{BotToken}' credential is not in the form <digits>:<characters> that @BotFather issues.");
        }

        // Only an empty secret is replaced or dropped: one of spaces is refused like any other malformed one.
        if (!prepared.Values.TryGetValue(SecretToken, out var secret) || string.IsNullOrEmpty(secret))
        {
            prepared.Set(SecretToken, GenerateSecretToken());
        }
        else if (!IsValidSecretToken(secret))
        {
            throw new ChannelConfigurationException($"The '{SecretToken}' credential must be 1-256 characters of A-Z, a-z, 0-9, '_' and '-'.");
        }

        if (prepared.Values.TryGetValue(PreviousSecretToken, out var previous))
        {
            if (string.IsNullOrEmpty(previous))
            {
                prepared.Remove(PreviousSecretToken);
            }
            else if (!IsValidSecretToken(previous))
            {
                throw new ChannelConfigurationException($"The '{PreviousSecretToken}' credential must be 1-256 characters of A-Z, a-z, 0-9, '_' and '-'.");
            }
        }

        return prepared.Values;
    }

    [GeneratedRegex(@"^[0-9]+:[A-Za-z0-9_-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex BotTokenPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,256}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SecretTokenPattern();
}
