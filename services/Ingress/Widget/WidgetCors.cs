using DaprChannels.Channels.Widget;

namespace DaprChannels.Ingress.Widget;

/// <summary>
/// Cross-origin rules for the widget, per integration: its <c>allowedOrigins</c> config (comma
/// separated; empty allows any site, which suits a first try but not production).
/// </summary>
public static class WidgetCors
{
    /// <summary>
    /// Requests without an Origin header do not come from a page on another site (browsers send it on
    /// cross-origin and POST requests), so only the integration's visitor token guards them.
    /// </summary>
    public static bool IsAllowed(ChannelIntegration integration, string? origin) =>
        string.IsNullOrEmpty(origin) || WidgetAdapter.IsOriginAllowed(integration, origin);

    public static void Apply(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return;
        }

        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.Vary = "Origin";
        headers.AccessControlAllowHeaders = "Authorization, Content-Type, Last-Event-ID";
        headers.AccessControlAllowMethods = "GET, POST, OPTIONS";
        headers.AccessControlMaxAge = "600";
    }
}
