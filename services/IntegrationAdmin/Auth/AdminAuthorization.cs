using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace DaprChannels.IntegrationAdmin.Auth;

/// <summary>
/// Endpoint metadata saying that a route answers only to an API key: a tenant's key holding one of
/// <see cref="Roles"/> (any role when empty), or the operator key. The OpenAPI document reads it.
/// </summary>
public sealed record AdminKeyRequirement(IReadOnlyList<string> Roles, bool OperatorOnly = false);

public static class AdminAuthorization
{
    private const string PrincipalItem = "daprchannels.admin.principal";
    private static readonly string[] ProblemContentTypes = ["application/problem+json"];

    /// <summary>401 without a valid key, 403 without one of <paramref name="roles"/>; the principal is then available to the handler.</summary>
    public static TBuilder RequireAdminRole<TBuilder>(this TBuilder builder, params string[] roles)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new AdminKeyRequirement(roles));
        builder.Finally(DeclareProblemAnswers);
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
        builder.WithMetadata(new AdminKeyRequirement([], OperatorOnly: true));
        builder.AddEndpointFilter(async (context, next) =>
            Principal(context.HttpContext).IsOperator
                ? await next(context)
                : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Only the operator may do this."));
        return builder;
    }

    /// <summary>
    /// The problem details an admin route can answer, for the OpenAPI document: 401 and 403 from the
    /// filter above, 404 when the route names an object (another tenant's objects are 404 too),
    /// 400 when it reads a body. Answers a route already declares are left as they are.
    /// </summary>
    private static void DeclareProblemAnswers(EndpointBuilder endpoint)
    {
        var declared = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.StatusCode).ToHashSet();
        if (endpoint.Metadata.OfType<IAcceptsMetadata>().Any())
        {
            Declare(StatusCodes.Status400BadRequest);
        }

        Declare(StatusCodes.Status401Unauthorized);
        Declare(StatusCodes.Status403Forbidden);
        if (endpoint is RouteEndpointBuilder { RoutePattern.Parameters.Count: > 0 })
        {
            Declare(StatusCodes.Status404NotFound);
        }

        void Declare(int statusCode)
        {
            if (declared.Add(statusCode))
            {
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(statusCode, typeof(ProblemDetails), ProblemContentTypes));
            }
        }
    }

    public static AdminPrincipal Principal(HttpContext context) =>
        context.Items[PrincipalItem] as AdminPrincipal
        ?? throw new InvalidOperationException("The endpoint has no admin authorization filter.");
}
