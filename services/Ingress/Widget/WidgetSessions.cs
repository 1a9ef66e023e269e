using System.Diagnostics.CodeAnalysis;
using DaprChannels.Channels.Widget;

namespace DaprChannels.Ingress.Widget;

/// <summary>Visitor identities for the website widget: server-chosen ids and the HMAC tokens that prove them.</summary>
public static class WidgetSessions
{
    public const string VisitorHeader = WidgetParser.VisitorHeader;

    public static string NewVisitorId() => WidgetVisitorToken.NewVisitorId();

    public static string Issue(ChannelIntegration integration, string visitorId) =>
        WidgetVisitorToken.Issue(integration.RequireCredential(WidgetCredentials.WidgetSecret), visitorId);

    /// <summary>Accepts tokens signed with the current secret or, during rotation, the previous one.</summary>
    public static bool TryValidate(ChannelIntegration integration, string? token, [NotNullWhen(true)] out string? visitorId) =>
        WidgetWebhookVerifier.TryValidateToken(integration, token, out visitorId);

    public static string? BearerToken(string? authorization) =>
        authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : null;
}
