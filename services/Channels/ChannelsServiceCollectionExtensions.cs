using DaprChannels.Channels.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DaprChannels.Channels;

public static class ChannelsServiceCollectionExtensions
{
    /// <summary>Registers every channel adapter, each with its options from <c>Channels:&lt;Platform&gt;</c>.</summary>
    public static IServiceCollection AddChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<ChannelRegistry>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
