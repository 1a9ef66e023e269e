using DaprChannels.Channels.Tests.Meta;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaprChannels.Channels.Tests.LeadAds;

/// <summary>The Lead Ads setup of the channel harness: a Page with lead forms and a lead on the Graph API simulator.</summary>
public static class LeadAdsHarness
{
    public const string PageAccessToken = "EAAJZCsimulatedLeadAdsPageToken0123456789abcdefZZ";
    public const string AppSecret = "5a4b3c2d1e0f69788796a5b4c3d2e1f0";
    public const string VerifyToken = "verify_LeadAds-0123456789abcdef";
    public const string PageId = "104758392011284";
    public const string PageName = "Acme Outdoor";
    public const string FormId = "612004431978201";
    public const string OtherFormId = "612004431978202";
    public const string LeadId = "987654321098765";
    public const string ApiVersion = MetaHarness.ApiVersion;
    public const string AppId = "1894532074123456";

    public static readonly DateTimeOffset LeadCreatedAt = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An adapter for what needs no Graph API: parsing, verifying, the descriptor.</summary>
    public static LeadAdsAdapter Offline(ILogger<LeadAdsAdapter>? logger = null) => new(null!, null!, logger ?? NullLogger<LeadAdsAdapter>.Instance);

    public static ChannelIntegration Integrate(
        IReadOnlyDictionary<string, string>? extraConfig = null,
        IReadOnlyDictionary<string, string>? extraCredentials = null) =>
        MetaHarness.Integrate("int-leads", Platforms.LeadAds, MetaHarness.With(new Dictionary<string, string> { [LeadAdsCredentials.PageId] = PageId }, extraConfig),
            new(LeadAdsCredentials.PageAccessToken, PageAccessToken), AppSecret, VerifyToken, extraCredentials);

    public static async Task<ChannelHarness<LeadAdsAdapter, GraphApiSimulator>> StartAsync(Uri? baseUrl = null, TimeSpan? requestTimeout = null)
    {
        var simulator = await GraphApiSimulator.StartAsync();
        simulator.AddPage(PageAccessToken, PageId, PageName)
            .AddLeadForm(PageId, FormId, "Spring catalogue")
            .AddLeadForm(PageId, OtherFormId, "Test drive")
            .AddLead(LeadId, FormId, LeadCreatedAt,
            [
                ("full_name", ["Joe Example"]),
                ("email", ["joe@example.com"]),
                ("phone_number", ["+15555550123"]),
                ("city", ["Portland"]),
                ("which_products_interest_you?", ["tents", "stoves"]),
            ], adId: "23851200347650123")
            .Subscribe(PageId, AppId, "Acme Leads", "leadgen", "feed");
        return MetaHarness.Start<LeadAdsAdapter>(simulator, Integrate(), PageId, baseUrl, requestTimeout);
    }
}
