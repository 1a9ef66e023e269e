using DaprChannels.Channels.Abstractions;
using DaprChannels.Channels.Dialog360;
using DaprChannels.Channels.Instagram;
using DaprChannels.Channels.LeadAds;
using DaprChannels.Channels.Messenger;
using DaprChannels.Channels.Meta;
using DaprChannels.Channels.Telegram;
using DaprChannels.Channels.WhatsApp;
using DaprChannels.Channels.Widget;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DaprChannels.Channels;

public static class ChannelsServiceCollectionExtensions
{
    /// <summary>
    /// Registers every channel adapter, each with its options from <c>Channels:&lt;Platform&gt;</c>. Every
    /// platform API client gets a timeout and a per-host circuit breaker from <c>Channels:Http</c>, and no retry.
    /// </summary>
    public static IServiceCollection AddChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<ChannelRegistry>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddPlatformHttpOptions(configuration);

        services.Configure<TelegramOptions>(configuration.GetSection(TelegramOptions.SectionName));
        // The bot token is part of every Bot API URL, and the factory's default loggers write request URIs.
        services.AddHttpClient(TelegramApiClient.HttpClientName).RemoveAllLoggers().AddPlatformResilience();
        services.TryAddSingleton<TelegramApiClient>();
        services.AddSingleton<IChannelAdapter, TelegramAdapter>();

        services.Configure<MetaOptions>(configuration.GetSection(MetaOptions.SectionName));
        // The access token travels in a header; no request logging is wanted on calls that carry it.
        services.AddHttpClient(GraphApiClient.HttpClientName).RemoveAllLoggers().AddPlatformResilience();
        services.TryAddSingleton<GraphApiClient>();
        services.TryAddSingleton<MetaTokenIntrospection>();
        services.TryAddSingleton<MetaTokenExchange>();
        services.TryAddSingleton<MetaAppTokens>();
        services.TryAddSingleton<MetaSubscribedApps>();
        services.TryAddSingleton<WhatsAppApiClient>();
        services.AddSingleton<IChannelAdapter, WhatsAppAdapter>();

        services.Configure<Dialog360Options>(configuration.GetSection(Dialog360Options.SectionName));
        // The API key travels in a header; no request logging is wanted on calls that carry it.
        // D360-API-KEY is a custom header, which a redirect would carry to whatever host it names.
        services.AddHttpClient(Dialog360ApiClient.HttpClientName).RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddPlatformResilience();
        services.TryAddSingleton<Dialog360ApiClient>();
        services.AddSingleton<IChannelAdapter, Dialog360Adapter>();

        services.TryAddSingleton(sp => new MessengerApiClient(sp.GetRequiredService<GraphApiClient>()));
        services.AddSingleton<IChannelAdapter, MessengerAdapter>();

        services.Configure<InstagramOptions>(configuration.GetSection(InstagramOptions.SectionName));
        services.TryAddSingleton<InstagramApiClient>();
        services.AddSingleton<IChannelAdapter, InstagramAdapter>();

        services.TryAddSingleton<LeadAdsApiClient>();
        services.AddSingleton<IChannelAdapter, LeadAdsAdapter>();

        services.Configure<WidgetOptions>(configuration.GetSection(WidgetOptions.SectionName));
        services.AddSingleton<IChannelAdapter, WidgetAdapter>();
        return services;
    }
}
