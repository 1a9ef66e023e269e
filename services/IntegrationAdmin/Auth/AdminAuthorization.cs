using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DaprChannels.IntegrationAdmin.Auth;

public static class AdminAuthorization
{
    private const string PrincipalItem = "daprchannels.admin.principal";

    /// <summary>401 without a valid key, 403 without one of <paramref name="roles"/>; the principal is then available to the handler.</summary>
    public static TBuilder RequireAdminRole<TBuilder>(this TBuilder builder, params string[] roles)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var authenticator = http.RequestServices.GetRequiredService<AdminAuthenticator>();
            var principal = await authenticator.AuthenticateAsync(http.Request, http.RequestAborted);
            if (principal is null)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                    detail: "Send an API key as 'Authorization: Bearer <key>'.");
            }

            if (roles.Length > 0 && !principal.HasRole(roles))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                    detail: $"This needs one of the roles: {string.Join(", ", roles)}.");
            }

            http.Items[PrincipalItem] = principal;
            return await next(context);
        });
        return builder;
    }

    /// <summary>Only operators pass.</summary>
    public static TBuilder RequireOperator<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAdminRole();
        builder.AddEndpointFilter(async (context, next) =>
            Principal(context.HttpContext).IsOperator
                ? await next(context)
                : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Only the operator may do this."));
        return builder;
    }

    public static AdminPrincipal Principal(HttpContext context) =>
        context.Items[PrincipalItem] as AdminPrincipal
        ?? throw new InvalidOperationException("The endpoint has no admin authorization filter.");
}
