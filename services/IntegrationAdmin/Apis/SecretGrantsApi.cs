using DaprChannels.IntegrationAdmin.Tenants;

namespace DaprChannels.IntegrationAdmin.Apis;

/// <summary>
/// Which secret-store entries a tenant's integrations may name in <c>secretRefs</c>: the operator grants them,
/// tenants read what they were granted. The platform's own secrets can never be granted.
/// </summary>
public static class SecretGrantsApi
{
    public static IEndpointRouteBuilder MapSecretGrantsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tenants/{tenantId}/secret-grants").WithTags("Tenants");
        group.MapGet("/", GetAsync).RequireAdminRole(RoleSets.Manage)
            .WithName("GetSecretGrants").WithSummary("The secret-store names this tenant's integrations may reference in secretRefs.");
        group.MapPut("/", PutAsync).RequireOperator()
            .WithName("SetSecretGrants")
            .WithSummary("Sets a tenant's secret grants (operator)").WithDescription("Operator: replaces the secret-store names a tenant may reference (exact names, or a prefix ending in '*'); the platform's own secrets are refused.");
        return app;
    }

    public sealed record SecretGrantsRequest(IReadOnlyList<string>? Secrets);

    public sealed record SecretGrantsView(string TenantId, IReadOnlyList<string> Secrets, DateTimeOffset? UpdatedAt);

    public static async Task<Results<Ok<SecretGrantsView>, ProblemHttpResult>> GetAsync(
        string tenantId, HttpContext context, TenantService tenants, SecretReferencePolicy policy, CancellationToken ct)
    {
        var principal = AdminAuthorization.Principal(context);
        if (!principal.CanAccess(tenantId) || await tenants.FindAsync(tenantId, ct) is null)
        {
            return TenantsApi.NotFound("tenant");
        }

        policy.Invalidate(tenantId);
        return TypedResults.Ok(View(tenantId, await policy.GrantsAsync(tenantId, ct)));
    }

    public static async Task<Results<Ok<SecretGrantsView>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string tenantId, SecretGrantsRequest request, TenantService tenants, IntegrationService integrations, CancellationToken ct)
    {
        if (await tenants.FindAsync(tenantId, ct) is null)
        {
            return TenantsApi.NotFound("tenant");
        }

        if (request.Secrets is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["secrets"] = ["A list of secret names is required (empty revokes every grant)."] });
        }

        try
        {
            return TypedResults.Ok(View(tenantId, await integrations.SetSecretGrantsAsync(tenantId, request.Secrets, ct)));
        }
        catch (IntegrationValidationException ex)
        {
            return TypedResults.ValidationProblem(ex.Errors);
        }
    }

    private static SecretGrantsView View(string tenantId, SecretGrants grants) =>
        new(tenantId, grants.Names, grants.UpdatedAt == DateTimeOffset.MinValue ? null : grants.UpdatedAt);
}
