namespace DaprChannels.Channels.Telegram;

public static class TelegramServiceCollectionExtensions
{
    public static IServiceCollection AddTelegramChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TelegramOptions>(configuration.GetSection(TelegramOptions.SectionName));
        // The bot token is part of every Bot API URL, and the factory's default loggers write request URIs.
        services.AddHttpClient(TelegramApiClient.HttpClientName).RemoveAllLoggers().AddPlatformResilience();
        services.TryAddSingleton<TelegramApiClient>();
        services.AddSingleton<IChannelAdapter, TelegramAdapter>();
        return services;
    }
}
