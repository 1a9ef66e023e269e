using System.Diagnostics.CodeAnalysis;

namespace DaprChannels.Channels.Widget;

/// <summary>
/// A widget message is genuine when its bearer token was issued with the integration's widget
/// secret (or, during a rotation, the previous one). The token names the visitor.
/// </summary>
public static class WidgetWebhookVerifier
{
    public static WebhookVerdict Verify(WebhookRequest request, ChannelIntegration integration, [NotNullWhen(true)] out string? visitorId)
    {
        visitorId = null;
        var secret = integration.Credential(WidgetCredentials.WidgetSecret);
        if (secret is null)
        {
            return WebhookVerdict.Invalid("the integration has no widget secret");
        }

        var token = BearerToken(request.Header("Authorization"));
        if (token is null)
        {
            return WebhookVerdict.Invalid("missing bearer token");
        }

        return TryValidateToken(integration, token, out visitorId)
            ? WebhookVerdict.Valid
            : WebhookVerdict.Invalid("visitor token not valid");
    }

    /// <summary>
    /// Checks a visitor token against the widget secret and, during rotation, the previous one. Both
    /// are always tried, so timing does not tell which one issued the token.
    /// </summary>
    public static bool TryValidateToken(ChannelIntegration integration, string? token, [NotNullWhen(true)] out string? visitorId)
    {
        visitorId = null;
        var secret = integration.Credential(WidgetCredentials.WidgetSecret);
        if (secret is null || string.IsNullOrEmpty(token))
        {
            return false;
        }

        var current = WidgetVisitorToken.TryValidate(secret, token, out var currentVisitor);
        var previousSecret = integration.Credential(WidgetCredentials.PreviousWidgetSecret);
        string? previousVisitor = null;
        var previous = previousSecret is not null && WidgetVisitorToken.TryValidate(previousSecret, token, out previousVisitor);
        if (!(current | previous))
        {
            return false;
        }

        visitorId = currentVisitor ?? previousVisitor!;
        return true;
    }

    /// <summary>The visitor a bearer token names, read without checking it: only for requests <see cref="Verify"/> accepted.</summary>
    public static string? VisitorOf(WebhookRequest request) =>
        BearerToken(request.Header("Authorization")) is { } token && token.IndexOf('.') is > 0 and var dot
            && WidgetVisitorToken.IsValidVisitorId(token[..dot])
            ? token[..dot]
            : null;

    private static string? BearerToken(string? authorization)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization[scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

}
