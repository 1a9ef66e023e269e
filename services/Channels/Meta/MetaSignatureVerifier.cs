using System.Security.Cryptography;

namespace DaprChannels.Channels.Meta;

/// <summary>
/// Meta signs every delivery with <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c>, an HMAC-SHA256 of the raw
/// body keyed with the app secret. The raw bytes matter: Meta hashes the body as sent, with its
/// unicode escapes, so a re-serialized body would not match.
/// </summary>
public static class MetaSignatureVerifier
{
    public const string SignatureHeader = "X-Hub-Signature-256";

    private const string Prefix = "sha256=";
    private const int HashBytes = 32;

    public static WebhookVerdict Verify(WebhookRequest request, string appSecret, string? previousAppSecret = null) =>
        Verify(request.Header(SignatureHeader), request.Body.Span, appSecret, previousAppSecret);

    /// <summary>Accepts the current app secret and, during a rotation, the previous one.</summary>
    public static WebhookVerdict Verify(string? header, ReadOnlySpan<byte> body, string appSecret, string? previousAppSecret = null)
    {
        if (string.IsNullOrEmpty(header))
        {
            return WebhookVerdict.Invalid("missing signature header");
        }

        if (!TryReadSignature(header, out var presented))
        {
            return WebhookVerdict.Invalid("malformed signature header");
        }

        // Both comparisons always run, so timing does not tell which secret matched.
        var matchesCurrent = CryptographicOperations.FixedTimeEquals(presented, Sign(appSecret, body));
        var matchesPrevious = previousAppSecret is not null
            && CryptographicOperations.FixedTimeEquals(presented, Sign(previousAppSecret, body));
        return matchesCurrent | matchesPrevious ? WebhookVerdict.Valid : WebhookVerdict.Invalid("signature mismatch");
    }

    public static byte[] Sign(string appSecret, ReadOnlySpan<byte> body) =>
        HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(appSecret), body);

    /// <summary>The header value Meta would send for <paramref name="body"/>: lowercase hex.</summary>
    public static string SignatureHeaderValue(string appSecret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(Sign(appSecret, body));

    private static bool TryReadSignature(string header, out byte[] signature)
    {
        signature = [];
        var value = header.Trim();
        if (!value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || value.Length != Prefix.Length + HashBytes * 2)
        {
            return false;
        }

        try
        {
            signature = Convert.FromHexString(value.AsSpan(Prefix.Length));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
