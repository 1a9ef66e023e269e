namespace DaprChannels.Contracts;

/// <summary>
/// The keys of the integration read model, the one view every service shares. IntegrationAdmin writes them;
/// the other services only read them (and cache what they read, refreshed on <c>integration.changed</c>). They live
/// in their own store (<c>integrationstore</c> under Dapr, key prefix by store name); every other key is private to
/// the service that writes it and is defined in that service's own project.
/// </summary>
public static class IntegrationReadModelKeys
{
    public static string Integration(string integrationId) => $"integration:{integrationId}";

    public static string TenantIntegrations(string tenantId) => $"integration-index:{tenantId}";

    /// <summary>Which integration holds a platform account (a page, a phone number id), for deliveries routed by the account.</summary>
    public static string Route(string platform, string accountId) => $"route:{platform}:{accountId}";

    /// <summary>The secret-store names the operator granted a tenant's integrations to reference.</summary>
    public static string SecretGrants(string tenantId) => $"secret-grants:{tenantId}";
}
