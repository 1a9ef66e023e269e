using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.LeadAds;

public static class LeadAdsServiceCollectionExtensions
{
    /// <summary>Lead Ads only reads: its client asks the shared Graph client for leads and forms with the Page token.</summary>
    public static IServiceCollection AddLeadAdsChannel(this IServiceCollection services, IConfiguration configuration) =>
        services.AddMetaFamilyChannel<LeadAdsApiClient, LeadAdsAdapter>(configuration);
}
