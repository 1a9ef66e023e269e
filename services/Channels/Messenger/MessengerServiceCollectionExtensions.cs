using DaprChannels.Channels.Meta;
using DaprChannels.Channels.Meta.Messaging;

namespace DaprChannels.Channels.Messenger;

public static class MessengerServiceCollectionExtensions
{
    public static IServiceCollection AddMessengerChannel(this IServiceCollection services, IConfiguration configuration)
    {
        // Messenger's Send API client is built over the shared Graph client; Instagram builds its own over its host.
        services.TryAddSingleton(sp => new MessengerApiClient(sp.GetRequiredService<GraphApiClient>()));
        return services.AddMetaFamilyChannel<MessengerApiClient, MessengerAdapter>(configuration);
    }
}
