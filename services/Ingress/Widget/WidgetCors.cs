using DaprChannels.Channels.Abstractions;
using Microsoft.AspNetCore.Http;

namespace DaprChannels.Ingress.Widget;

/// <summary>
/// Cross-origin rules for the widget, per integration: its <c>allowedOrigins</c> config (comma
/// separated; empty allows any site, which suits a first try but not production).
/// </summary>
public static class WidgetCors
{
    public static bool IsAllowed(ChannelIntegration integration, string? origin)
    {
        if (string.IsNullOrEmpty(origin))
        {
            return true;
        }

        var allowed = integration.ConfigValue("allowedOrigins");
        if (allowed is null)
        {
            return true;
        }

        return allowed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(a => a == "*" || string.Equals(a.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));
    }

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
