using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.WhatsApp;

public static class WhatsAppServiceCollectionExtensions
{
    public static IServiceCollection AddWhatsAppChannel(this IServiceCollection services, IConfiguration configuration) =>
        services.AddMetaFamilyChannel<WhatsAppApiClient, WhatsAppAdapter>(configuration);
}
