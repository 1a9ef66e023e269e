namespace DaprChannels.Channels.Widget;

public static class WidgetServiceCollectionExtensions
{
    public static IServiceCollection AddWidgetChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WidgetOptions>(configuration.GetSection(WidgetOptions.SectionName));
        services.AddSingleton<IChannelAdapter, WidgetAdapter>();
        return services;
    }
}
