using DaprChannels.Channels.Dialog360;
using DaprChannels.Channels.Instagram;
using DaprChannels.Channels.LeadAds;
using DaprChannels.Channels.Messenger;
using DaprChannels.Channels.Telegram;
using DaprChannels.Channels.WhatsApp;
using DaprChannels.Channels.Widget;

namespace DaprChannels.Channels;

public static class ChannelsServiceCollectionExtensions
{
    /// <summary>
    /// Registers every channel adapter, each from its own folder with its options from <c>Channels:&lt;Platform&gt;</c>.
    /// Every platform API client gets a timeout and a per-host circuit breaker from <c>Channels:Http</c>, and no retry.
    /// </summary>
    public static IServiceCollection AddChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<ChannelRegistry>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddPlatformHttpOptions(configuration);

        services.AddTelegramChannel(configuration);
        services.AddWhatsAppChannel(configuration);
        services.AddDialog360Channel(configuration);
        services.AddMessengerChannel(configuration);
        services.AddInstagramChannel(configuration);
        services.AddLeadAdsChannel(configuration);
        services.AddWidgetChannel(configuration);
        return services;
    }
}
