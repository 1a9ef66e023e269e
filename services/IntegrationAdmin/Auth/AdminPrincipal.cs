namespace DaprChannels.IntegrationAdmin.Auth;

/// <summary>Who is calling the admin API: the operator (every tenant) or one tenant's API key with a role.</summary>
public sealed record AdminPrincipal(bool IsOperator, string? TenantId, string Role, string? KeyId)
{
    public bool HasRole(params string[] roles) => IsOperator || roles.Contains(Role);

    /// <summary>Whether the caller may see objects of <paramref name="tenantId"/>. Anything else is answered 404, never 403.</summary>
    public bool CanAccess(string tenantId) => IsOperator || TenantId == tenantId;
}

public static class RoleSets
{
    public static readonly string[] Manage = [Roles.Owner, Roles.Admin];
    public static readonly string[] Work = [Roles.Owner, Roles.Admin, Roles.Agent];
    public static readonly string[] Read = [Roles.Owner, Roles.Admin, Roles.Agent, Roles.Viewer];
}
