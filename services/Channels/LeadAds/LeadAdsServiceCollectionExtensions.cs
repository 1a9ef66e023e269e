using DaprChannels.Channels.Abstractions;
using DaprChannels.Channels.Meta;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DaprChannels.Channels.LeadAds;

public static class LeadAdsServiceCollectionExtensions
{
    public static IServiceCollection AddLeadAdsChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetaFamily(configuration);
        services.TryAddSingleton<LeadAdsApiClient>();
        services.AddSingleton<IChannelAdapter, LeadAdsAdapter>();
        return services;
    }
}
