using DaprChannels.Contracts.Messages;
using DaprChannels.IntegrationAdmin.Leads;

namespace DaprChannels.IntegrationAdmin.Apis;

/// <summary>The leads an integration captured, for the tenant it belongs to; another tenant's integration is a 404.</summary>
public static class LeadsApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapLeadsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/integrations/{integrationId}/leads").WithTags("Leads");
        group.MapGet("/", ListAsync).RequireAdminRole(RoleSets.Read)
            .WithName("ListLeads").WithSummary("The integration's captured leads, newest first, with their answers and mapped contact.");
        group.MapGet("/{leadId}", GetAsync).RequireAdminRole(RoleSets.Read)
            .WithName("GetLead").WithSummary("One captured lead by its platform lead id.");
        return app;
    }

    public sealed record LeadView(
        string LeadId,
        string IntegrationId,
        string Platform,
        DateTimeOffset CapturedAt,
        DateTimeOffset CreatedAt,
        string? FormId,
        string? PageId,
        string? AdId,
        string? AdGroupId,
        bool? IsOrganic,
        ContactRef Contact,
        IReadOnlyDictionary<string, string> Fields);

    public sealed record LeadPage(int Total, int Skip, int Take, IReadOnlyList<LeadView> Items);

    public static async Task<Results<Ok<LeadPage>, ProblemHttpResult>> ListAsync(
        string integrationId, int? skip, int? take, HttpContext context, IntegrationService integrations, LeadStore leads, CancellationToken ct)
    {
        if (await VisibleTenantAsync(integrationId, context, integrations, ct) is not { } tenantId)
        {
            return TenantsApi.NotFound("integration");
        }

        var from = Math.Max(0, skip ?? 0);
        var size = Math.Clamp(take ?? DefaultPageSize, 1, MaxPageSize);
        var (total, items) = await leads.ListAsync(integrationId, from, size, ct);
        // An integration id freed by one tenant and taken by another must not show the first tenant's leads.
        return TypedResults.Ok(new LeadPage(total, from, size, items.Where(l => l.TenantId == tenantId).Select(View).ToList()));
    }

    public static async Task<Results<Ok<LeadView>, ProblemHttpResult>> GetAsync(
        string integrationId, string leadId, HttpContext context, IntegrationService integrations, LeadStore leads, CancellationToken ct)
    {
        if (await VisibleTenantAsync(integrationId, context, integrations, ct) is not { } tenantId)
        {
            return TenantsApi.NotFound("integration");
        }

        var lead = await leads.FindAsync(integrationId, leadId, ct);
        return lead is null || lead.TenantId != tenantId ? TenantsApi.NotFound("lead") : TypedResults.Ok(View(lead));
    }

    /// <summary>The caller's tenant when the integration is theirs; null otherwise.</summary>
    private static async Task<string?> VisibleTenantAsync(string integrationId, HttpContext context, IntegrationService integrations, CancellationToken ct)
    {
        var principal = AdminAuthorization.Principal(context);
        return principal.TenantId is not null && await integrations.FindAsync(principal.TenantId, integrationId, ct) is not null
            ? principal.TenantId
            : null;
    }

    private static LeadView View(StoredLead stored) => new(
        stored.LeadId, stored.IntegrationId, stored.Platform, stored.CapturedAt, stored.Lead.CreatedAt, stored.Lead.FormId, stored.Lead.PageId,
        stored.Lead.AdId, stored.Lead.AdGroupId, stored.Lead.IsOrganic, stored.Lead.Contact, stored.Lead.Fields);
}
