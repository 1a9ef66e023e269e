using DaprChannels.Channels.Abstractions;
using DaprChannels.Channels.Meta;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DaprChannels.Channels.WhatsApp;

public static class WhatsAppServiceCollectionExtensions
{
    public static IServiceCollection AddWhatsAppChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetaFamily(configuration);
        services.TryAddSingleton<WhatsAppApiClient>();
        services.AddSingleton<IChannelAdapter, WhatsAppAdapter>();
        return services;
    }
}
