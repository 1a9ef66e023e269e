using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.LeadAds;

/// <summary>The Graph API reads of Lead Ads, each with the Page access token.</summary>
public sealed class LeadAdsApiClient(GraphApiClient graph)
{
    public const string LeadFields = "created_time,id,ad_id,form_id,field_data,is_organic,platform";
    public const string PageFields = "id,name";
    public const string FormFields = "id,name,status";

    /// <summary>GET /{leadgen-id}: the lead's answers.</summary>
    public Task<GraphCallResult> GetLeadAsync(string accessToken, string leadId, CancellationToken cancellationToken) =>
        graph.GetAsync(accessToken, $"{leadId}?fields={LeadFields}", cancellationToken);

    /// <summary>
    /// GET /me with a Page token answers that Page: proof the token acts for it. (GET /{page-id} would not be:
    /// any valid token reads a Page's public fields.)
    /// </summary>
    public Task<GraphCallResult> GetTokenPageAsync(string accessToken, CancellationToken cancellationToken) =>
        graph.GetAsync(accessToken, $"me?fields={PageFields}", cancellationToken);

    /// <summary>GET /{page-id}/leadgen_forms: proves the token may read the Page's forms.</summary>
    public Task<GraphCallResult> GetLeadgenFormsAsync(string accessToken, string pageId, CancellationToken cancellationToken) =>
        graph.GetAsync(accessToken, $"{pageId}/leadgen_forms?fields={FormFields}", cancellationToken);
}
