using DaprChannels.IntegrationAdmin.Tenants;

namespace DaprChannels.IntegrationAdmin.Apis;

public static class TenantsApi
{
    public static IEndpointRouteBuilder MapTenantsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tenants").WithTags("Tenants");
        group.MapPost("/", CreateTenantAsync).RequireOperator()
            .WithName("CreateTenant").WithSummary("Creates a tenant and its first owner API key (shown once).");
        group.MapGet("/", ListTenantsAsync).RequireOperator()
            .WithName("ListTenants").WithSummary("Lists tenants.");
        group.MapGet("/{tenantId}", GetTenantAsync).RequireAdminRole(RoleSets.Read)
            .WithName("GetTenant").WithSummary("Reads a tenant.");
        group.MapPost("/{tenantId}/api-keys", CreateApiKeyAsync).RequireAdminRole(Roles.Owner)
            .WithName("CreateApiKey").WithSummary("Creates an API key with a role (shown once).");
        group.MapGet("/{tenantId}/api-keys", ListApiKeysAsync).RequireAdminRole(Roles.Owner)
            .WithName("ListApiKeys").WithSummary("Lists the tenant's API keys").WithDescription("Lists the tenant's API keys that are not revoked: id, name, role, created and last used; never the secret.");
        group.MapDelete("/{tenantId}/api-keys/{keyId}", RevokeApiKeyAsync).RequireAdminRole(Roles.Owner)
            .WithName("RevokeApiKey").WithSummary("Revokes an API key at once; the tenant's last owner key only by the operator.");
        return app;
    }

    public sealed record CreateTenantRequest(string? Name, string? Id);

    public sealed record TenantView(string Id, string Name, DateTimeOffset CreatedAt);

    public sealed record CreatedTenantView(string Id, string Name, DateTimeOffset CreatedAt, string ApiKey, string ApiKeyId);

    public sealed record CreateApiKeyRequest(string? Name, string? Role);

    public sealed record ApiKeyView(string Id, string Name, string Role, DateTimeOffset CreatedAt, string Key);

    /// <param name="LastUsedAt">When the key last authenticated, to within a few minutes; null if not since it was listed.</param>
    public sealed record ApiKeySummary(string Id, string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

    public static async Task<Results<Created<CreatedTenantView>, ValidationProblem, ProblemHttpResult>> CreateTenantAsync(
        CreateTenantRequest request, TenantService tenants, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        Identifiers.CheckNameAndId(errors, request.Name, request.Id);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        try
        {
            var (tenant, key) = await tenants.CreateAsync(request.Name!.Trim(), request.Id, ct);
            return TypedResults.Created($"/api/v1/tenants/{tenant.Id}",
                new CreatedTenantView(tenant.Id, tenant.Name, tenant.CreatedAt, key.Key, key.Record.Id));
        }
        catch (TenantExistsException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Tenant exists", detail: "A tenant with that id exists.");
        }
    }

    public static async Task<Ok<IReadOnlyList<TenantView>>> ListTenantsAsync(TenantService tenants, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<TenantView>>((await tenants.ListAsync(ct)).Select(t => new TenantView(t.Id, t.Name, t.CreatedAt)).ToList());

    public static async Task<Results<Ok<TenantView>, ProblemHttpResult>> GetTenantAsync(
        string tenantId, HttpContext context, TenantService tenants, CancellationToken ct)
    {
        var principal = AdminAuthorization.Principal(context);
        var tenant = principal.IsOperator || principal.TenantId == tenantId ? await tenants.FindAsync(tenantId, ct) : null;
        return tenant is null
            ? NotFound("tenant")
            : TypedResults.Ok(new TenantView(tenant.Id, tenant.Name, tenant.CreatedAt));
    }

    public static async Task<Results<Created<ApiKeyView>, ValidationProblem, ProblemHttpResult>> CreateApiKeyAsync(
        string tenantId, CreateApiKeyRequest request, HttpContext context, TenantService tenants, CancellationToken ct)
    {
        var principal = AdminAuthorization.Principal(context);
        if (!principal.CanAccess(tenantId) || await tenants.FindAsync(tenantId, ct) is null)
        {
            return NotFound("tenant");
        }

        var role = request.Role ?? Roles.Viewer;
        if (!Roles.All.Contains(role))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = [$"One of: {string.Join(", ", Roles.All)}."] });
        }

        var key = await tenants.CreateApiKeyAsync(tenantId, request.Name ?? role, role, ct);
        return TypedResults.Created($"/api/v1/tenants/{tenantId}/api-keys/{key.Record.Id}",
            new ApiKeyView(key.Record.Id, key.Record.Name, role, key.Record.CreatedAt, key.Key));
    }

    public static async Task<Results<Ok<IReadOnlyList<ApiKeySummary>>, ProblemHttpResult>> ListApiKeysAsync(
        string tenantId, HttpContext context, TenantService tenants, CancellationToken ct)
    {
        var principal = AdminAuthorization.Principal(context);
        if (!principal.CanAccess(tenantId) || await tenants.FindAsync(tenantId, ct) is null)
        {
            return NotFound("tenant");
        }

        var keys = await tenants.ListApiKeysAsync(tenantId, ct);
        return TypedResults.Ok<IReadOnlyList<ApiKeySummary>>(keys.Select(k => new ApiKeySummary(k.Id, k.Name, k.Role, k.CreatedAt, k.LastUsedAt)).ToList());
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeApiKeyAsync(
        string tenantId, string keyId, HttpContext context, TenantService tenants, CancellationToken ct)
    {
        var principal = AdminAuthorization.Principal(context);
        if (!principal.CanAccess(tenantId) || await tenants.FindAsync(tenantId, ct) is null)
        {
            return NotFound("tenant");
        }

        return await tenants.RevokeApiKeyAsync(tenantId, keyId, principal.IsOperator, ct) switch
        {
            RevokeOutcome.Revoked => TypedResults.NoContent(),
            RevokeOutcome.LastOwner => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Last owner key",
                detail: "This is the tenant's last owner key, and a tenant cannot lock itself out: create another owner key first, "
                        + "or ask the operator, who may revoke it."),
            _ => NotFound("API key"),
        };
    }

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Unknown {what}", detail: $"No {what} with that id is visible to this key.");
}

public static class Identifiers
{
    /// <summary>Records what is wrong with a new object's display name and its optional caller-chosen id.</summary>
    public static void CheckNameAndId(Dictionary<string, string[]> errors, string? name, string? id)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            errors["name"] = ["A name of 1 to 200 characters is required."];
        }

        if (id is not null && !IsValid(id))
        {
            errors["id"] = ["An id is 1 to 64 letters, digits, '-' or '_'."];
        }
    }

    public static bool IsValid(string id) =>
        id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
