using DaprChannels.BuildingBlocks.PubSub;
using DaprChannels.BuildingBlocks.Secrets;
using DaprChannels.BuildingBlocks.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DaprChannels.BuildingBlocks.Dapr;

public static class DaprServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Dapr implementations of the building-block ports (publisher, state store, secret
    /// store, health) over the sidecar's HTTP API, and the background wait for the sidecar at start-up.
    /// Pair with <see cref="DaprEndpointRouteBuilderExtensions.MapDaprEndpoints"/> for the app side.
    /// </summary>
    public static IServiceCollection AddDaprBuildingBlocks(this IServiceCollection services, BuildingBlocksOptions options) =>
        services.AddDaprBuildingBlocks(DaprSidecarSettings.Resolve(options, Environment.GetEnvironmentVariable));

    /// <summary>As <see cref="AddDaprBuildingBlocks(IServiceCollection, BuildingBlocksOptions)"/> with settings already resolved (tests).</summary>
    public static IServiceCollection AddDaprBuildingBlocks(this IServiceCollection services, DaprSidecarSettings settings)
    {
        services.AddSingleton(settings);
        services.TryAddSingleton(new SubscriberApp(settings.AppId));
        services.AddDaprAppTokenAuthentication(settings);
        services.AddHttpClient<DaprSidecarClient>(http =>
        {
            http.BaseAddress = settings.HttpEndpoint;
            // A sidecar call is a loopback hop to a broker or store; anything slower is a failure to report.
            http.Timeout = TimeSpan.FromSeconds(30);
        });

        services.AddSingleton<DaprEventPublisher>();
        services.AddSingleton<IEventPublisher>(sp => sp.GetRequiredService<DaprEventPublisher>());
        services.AddSingleton<DaprStateStore>();
        services.AddSingleton<IStateStore>(sp => sp.GetRequiredService<DaprStateStore>());
        services.AddSingleton<DaprSecretStore>();
        services.AddSingleton<ISecretStore>(sp => sp.GetRequiredService<DaprSecretStore>());
        services.AddSingleton<DaprHealth>();
        services.AddSingleton<IBuildingBlocksHealth>(sp => sp.GetRequiredService<DaprHealth>());

        services.AddSingleton<DaprSidecarStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<DaprSidecarStartup>());
        return services;
    }
}
