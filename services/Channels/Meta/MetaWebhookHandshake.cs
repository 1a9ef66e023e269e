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

        return SecretComparison.Equal(presented, verifyToken) ? new WebhookHandshake(200, challenge) : WebhookHandshake.Forbidden;
    }
}
