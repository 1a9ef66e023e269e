namespace DaprChannels.Channels.Dialog360;

public static class Dialog360ServiceCollectionExtensions
{
    public static IServiceCollection AddDialog360Channel(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<Dialog360Options>(configuration.GetSection(Dialog360Options.SectionName));
        // The API key travels in a header; no request logging is wanted on calls that carry it.
        // D360-API-KEY is a custom header, which a redirect would carry to whatever host it names.
        services.AddHttpClient(Dialog360ApiClient.HttpClientName).RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddPlatformResilience();
        services.TryAddSingleton<Dialog360ApiClient>();
        services.AddSingleton<IChannelAdapter, Dialog360Adapter>();
        services.AddSingleton<IAppLevelWebhook, Dialog360AppLevelWebhook>();
        return services;
    }
}
