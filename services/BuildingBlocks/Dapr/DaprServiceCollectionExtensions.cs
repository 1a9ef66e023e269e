using DaprChannels.BuildingBlocks.Secrets;
using DaprChannels.BuildingBlocks.State;
using Dapr.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DaprChannels.BuildingBlocks.Dapr;

public static class DaprServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Dapr implementations of the building-block ports (publisher, the app's state store and the
    /// integration read model's, secret store, health) over the sidecar's gRPC API through one <see cref="DaprClient"/>, and the background wait
    /// for the sidecar at start-up. Pair with <see cref="DaprEndpointRouteBuilderExtensions.MapDaprEndpoints"/> for the app side.
    /// </summary>
    public static IServiceCollection AddDaprBuildingBlocks(this IServiceCollection services, BuildingBlocksOptions options) =>
        services.AddDaprBuildingBlocks(DaprSidecarSettings.Resolve(options, Environment.GetEnvironmentVariable));

    /// <summary>As <see cref="AddDaprBuildingBlocks(IServiceCollection, BuildingBlocksOptions)"/> with settings already resolved (tests).</summary>
    public static IServiceCollection AddDaprBuildingBlocks(this IServiceCollection services, DaprSidecarSettings settings)
    {
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => CreateClient(settings));
        services.AddSingleton<DaprCalls>();
        services.TryAddSingleton(new SubscriberApp(settings.AppId));
        services.AddDaprAppTokenAuthentication(settings);

        services.AddSingleton<DaprEventPublisher>();
        services.AddSingleton<IEventPublisher>(sp => sp.GetRequiredService<DaprEventPublisher>());
        services.AddSingleton(sp => new DaprStateStore(sp.GetRequiredService<DaprClient>(), sp.GetRequiredService<DaprCalls>(), settings.StateStoreName));
        services.AddSingleton<IStateStore>(sp => sp.GetRequiredService<DaprStateStore>());
        services.AddKeyedSingleton<IStateStore>(StateStores.IntegrationReadModel, (sp, _) =>
            new DaprStateStore(sp.GetRequiredService<DaprClient>(), sp.GetRequiredService<DaprCalls>(), settings.IntegrationStateStoreName));
        services.AddSingleton<RecordedPublisher>();
        services.AddSingleton<DaprSecretStore>();
        services.AddSingleton<ISecretStore>(sp => sp.GetRequiredService<DaprSecretStore>());
        services.AddSingleton<DaprHealth>();
        services.AddSingleton<IBuildingBlocksHealth>(sp => sp.GetRequiredService<DaprHealth>());

        services.AddSingleton<DaprSidecarStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<DaprSidecarStartup>());
        return services;
    }

    /// <summary>
    /// The one client of the sidecar: gRPC for every call, HTTP for the health probes, the app's JSON shape, and
    /// the API token when one is configured (passed explicitly, so nothing is read from the environment twice).
    /// </summary>
    internal static DaprClient CreateClient(DaprSidecarSettings settings) =>
        new DaprClientBuilder()
            .UseGrpcEndpoint(settings.GrpcEndpoint.AbsoluteUri)
            .UseHttpEndpoint(settings.HttpEndpoint.AbsoluteUri)
            .UseJsonSerializationOptions(EventJson.Options)
            .UseDaprApiToken(settings.ApiToken ?? "")
            .UseTimeout(settings.CallTimeout)
            .Build();
}
