using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.Instagram;

public static class InstagramServiceCollectionExtensions
{
    /// <summary>Instagram's Graph host is its own (<c>Channels:Instagram</c>); the rest of its settings are Meta's.</summary>
    public static IServiceCollection AddInstagramChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetaFamily(configuration);
        services.Configure<InstagramOptions>(configuration.GetSection(InstagramOptions.SectionName));
        services.TryAddSingleton<InstagramApiClient>();
        services.AddSingleton<IChannelAdapter, InstagramAdapter>();
        return services;
    }
}
