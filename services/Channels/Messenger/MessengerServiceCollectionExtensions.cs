using DaprChannels.Channels.Meta;
using DaprChannels.Channels.Meta.Messaging;

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
