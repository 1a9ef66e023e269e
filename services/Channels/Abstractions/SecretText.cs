namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// Error text is for people, logs and stored results; should a platform ever echo a credential in it
/// (in a message, a quoted URL), the credential does not travel on.
/// </summary>
public static class SecretText
{
    public const string Mask = "***";

    public static string? Scrub(string? text, string? secret) =>
        text is null || string.IsNullOrEmpty(secret) ? text : text.Replace(secret, Mask, StringComparison.Ordinal);

    /// <summary>Scrubs each secret in turn: give a whole credential before the parts of it that are secret on their own.</summary>
    public static string? Scrub(string? text, params ReadOnlySpan<string?> secrets)
    {
        foreach (var secret in secrets)
        {
            text = Scrub(text, secret);
        }

        return text;
    }
}
