using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.Instagram;

public static class InstagramServiceCollectionExtensions
{
    /// <summary>Instagram's Graph host is its own (<c>Channels:Instagram</c>); the rest of its settings are Meta's.</summary>
    public static IServiceCollection AddInstagramChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<InstagramOptions>(configuration.GetSection(InstagramOptions.SectionName));
        return services.AddMetaFamilyChannel<InstagramApiClient, InstagramAdapter>(configuration);
    }
}
