using System.Security.Cryptography;
using System.Text;
using DaprChannels.Channels.Abstractions;

namespace DaprChannels.Channels.Meta;

/// <summary>
/// Meta's subscription check: <c>GET ?hub.mode=subscribe&amp;hub.verify_token=..&amp;hub.challenge=..</c>,
/// answered with the challenge exactly when the token is ours, 403 otherwise.
/// </summary>
public static class MetaWebhookHandshake
{
    public const string ModeParameter = "hub.mode";
    public const string VerifyTokenParameter = "hub.verify_token";
    public const string ChallengeParameter = "hub.challenge";

    public static WebhookHandshake Answer(WebhookRequest request, string? verifyToken)
    {
        if (!string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase))
        {
            return WebhookHandshake.NotSupported;
        }

        var mode = request.QueryValue(ModeParameter);
        var presented = request.QueryValue(VerifyTokenParameter);
        var challenge = request.QueryValue(ChallengeParameter);
        if (mode != "subscribe" || string.IsNullOrEmpty(verifyToken) || presented is null || challenge is null)
        {
            return WebhookHandshake.Forbidden;
        }

        return TokenEquals(presented, verifyToken) ? new WebhookHandshake(200, challenge) : WebhookHandshake.Forbidden;
    }

    /// <summary>Compares over the expected token's length whatever was presented, so timing reveals nothing of the token.</summary>
    private static bool TokenEquals(string presented, string expected)
    {
        var expectedBytes = Encoding.UTF8.GetBytes(expected);
        var presentedBytes = Encoding.UTF8.GetBytes(presented);
        var padded = new byte[expectedBytes.Length];
        presentedBytes.AsSpan(0, Math.Min(presentedBytes.Length, expectedBytes.Length)).CopyTo(padded);
        return CryptographicOperations.FixedTimeEquals(padded, expectedBytes) & presentedBytes.Length == expectedBytes.Length;
    }
}
