using DaprChannels.Channels.Abstractions;
using DaprChannels.Channels.Meta;
using DaprChannels.Channels.Meta.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DaprChannels.Channels.Messenger;

public static class MessengerServiceCollectionExtensions
{
    public static IServiceCollection AddMessengerChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetaFamily(configuration);
        services.TryAddSingleton(sp => new MessengerApiClient(sp.GetRequiredService<GraphApiClient>()));
        services.AddSingleton<IChannelAdapter, MessengerAdapter>();
        return services;
    }
}
