using System.Security.Cryptography;
using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.Dialog360;

/// <summary>
/// 360dialog does not sign messaging webhooks by default; it sends back the headers registered with
/// the webhook URL, so the token in <see cref="WebhookTokenHeader"/> authenticates a delivery. Partners
/// who enable signature validation also get <see cref="SignatureHeader"/>, an HMAC-SHA256 of the raw
/// body keyed with their secret: when a signing secret is configured, it is required as well. Its
/// encoding is not documented; both bare lowercase hex and <c>sha256=&lt;hex&gt;</c> are seen, so both count.
/// </summary>
public static class Dialog360WebhookVerifier
{
    public const string WebhookTokenHeader = "X-DaprChannels-Webhook-Token";
    public const string SignatureHeader = "x-360dialog-signature";

    private const string SignaturePrefix = "sha256=";
    private const int HashBytes = 32;

    public static WebhookVerdict Verify(WebhookRequest request, ChannelIntegration integration)
    {
        var token = integration.Credential(Dialog360Credentials.WebhookToken);
        return token is null
            ? WebhookVerdict.Invalid("the integration has no webhook token")
            : Verify(request, token, integration.Credential(Dialog360Credentials.WebhookSigningSecret));
    }

    /// <param name="signingSecret">When set, a valid <see cref="SignatureHeader"/> is required besides the token.</param>
    public static WebhookVerdict Verify(WebhookRequest request, string webhookToken, string? signingSecret)
    {
        var presented = request.Header(WebhookTokenHeader);
        if (string.IsNullOrEmpty(presented))
        {
            return WebhookVerdict.Invalid("missing webhook token header");
        }

        if (!SecretComparison.Equal(presented, webhookToken))
        {
            return WebhookVerdict.Invalid("webhook token mismatch");
        }

        return signingSecret is null
            ? WebhookVerdict.Valid
            : VerifySignature(request.Header(SignatureHeader), request.Body.Span, signingSecret);
    }

    public static WebhookVerdict VerifySignature(string? header, ReadOnlySpan<byte> body, string signingSecret)
    {
        if (string.IsNullOrEmpty(header))
        {
            return WebhookVerdict.Invalid("missing signature header");
        }

        var hex = header.Trim();
        if (hex.StartsWith(SignaturePrefix, StringComparison.OrdinalIgnoreCase))
        {
            hex = hex[SignaturePrefix.Length..];
        }

        if (hex.Length != HashBytes * 2)
        {
            return WebhookVerdict.Invalid("malformed signature header");
        }

        byte[] presented;
        try
        {
            presented = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return WebhookVerdict.Invalid("malformed signature header");
        }

        return CryptographicOperations.FixedTimeEquals(presented, MetaSignatureVerifier.Sign(signingSecret, body))
            ? WebhookVerdict.Valid
            : WebhookVerdict.Invalid("signature mismatch");
    }

    /// <summary>The header value a partner-signed delivery carries: bare lowercase hex.</summary>
    public static string SignatureHeaderValue(string signingSecret, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(MetaSignatureVerifier.Sign(signingSecret, body));
}
