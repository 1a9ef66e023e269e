using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using DaprAuthenticationOptions = global::Dapr.AspNetCore.DaprAuthenticationOptions;

namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>
/// The app API token (<c>APP_API_TOKEN</c>): with one configured, daprd sends it in <c>dapr-api-token</c> on
/// every delivery, binding event and <c>/dapr/subscribe</c>, and the routes it calls require it; its health
/// probes come without it, so health routes stay open. Without one (development) the routes are open.
/// </summary>
public static class DaprAppToken
{
    /// <summary>The authentication scheme and authorization policy name Dapr.AspNetCore uses.</summary>
    public const string Scheme = "Dapr";

    public const string Policy = "Dapr";

    public const string Header = "dapr-api-token";

    private const string SuppressAutoDefaultSchemeSwitch = "Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme";

    /// <summary>
    /// Registers the "Dapr" scheme and policy when <paramref name="settings"/> has an app API token. No other
    /// route changes: the scheme is never made the default (ASP.NET Core would make a lone scheme the default
    /// and run it on every request), so routes with their own authentication, such as the admin API keys,
    /// see no difference.
    /// </summary>
    public static IServiceCollection AddDaprAppTokenAuthentication(this IServiceCollection services, DaprSidecarSettings settings)
    {
        if (string.IsNullOrEmpty(settings.AppApiToken))
        {
            return services;
        }

        // The documented switch for "never make a lone scheme the default"; it is read when the
        // authentication options are created, which is after this registration.
        AppContext.SetSwitch(SuppressAutoDefaultSchemeSwitch, true);
        services.AddAuthentication()
            .AddScheme<DaprAuthenticationOptions, DaprAppTokenAuthenticationHandler>(Scheme, o => o.Token = settings.AppApiToken);
        services.AddAuthorization(o => o.AddDapr(Policy));
        return services;
    }

    /// <summary>Requires the app API token on a route daprd calls, when one is configured.</summary>
    public static TBuilder RequireDaprAppToken<TBuilder>(this TBuilder builder, DaprSidecarSettings settings)
        where TBuilder : IEndpointConventionBuilder =>
        string.IsNullOrEmpty(settings.AppApiToken) ? builder : builder.RequireAuthorization(Policy);
}
