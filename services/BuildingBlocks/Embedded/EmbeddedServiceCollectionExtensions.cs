using DaprChannels.BuildingBlocks.Secrets;
using DaprChannels.BuildingBlocks.State;
using DaprChannels.BuildingBlocks.Workflows;
using DaprChannels.BuildingBlocks.Workflows.Embedded;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace DaprChannels.BuildingBlocks.Embedded;

public static class EmbeddedServiceCollectionExtensions
{
    /// <summary>
    /// Registers the embedded building blocks on <c>{Embedded.DataDirectory}/daprchannels.db</c>: state
    /// (<see cref="IStateStore"/>, also as <see cref="StateStores.IntegrationReadModel"/>), publishing with a record
    /// (<see cref="RecordedPublisher"/>), pub/sub (<see cref="IEventPublisher"/>, <see cref="IDeadLetterReader"/> and
    /// the queue consumers), secrets (<see cref="ISecretStore"/>), triggers, workflows (<see cref="IWorkflowEngine"/> and
    /// the replay runner) and <see cref="IBuildingBlocksHealth"/>. Subscriptions, triggers, workflows and activities may
    /// be registered after this call; they are read when the host starts.
    /// </summary>
    public static IServiceCollection AddEmbeddedBuildingBlocks(this IServiceCollection services, BuildingBlocksOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        if (services.Any(d => d.ServiceType == typeof(EmbeddedDatabase)))
        {
            return services;
        }

        var embedded = options.Embedded;
        if (!string.IsNullOrWhiteSpace(options.AppId))
        {
            services.TryAddSingleton(new SubscriberApp(options.AppId));
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new EmbeddedDatabase(
            embedded, sp.GetRequiredService<ILogger<EmbeddedDatabase>>(), sp.GetRequiredService<TimeProvider>()));

        services.AddSingleton(sp => new EmbeddedStateStore(sp.GetRequiredService<EmbeddedDatabase>()));
        services.AddSingleton<IStateStore>(sp => sp.GetRequiredService<EmbeddedStateStore>());
        // One process, one file: the read model's keys sit beside the private ones, unprefixed as they always were.
        services.AddKeyedSingleton<IStateStore>(StateStores.IntegrationReadModel, (sp, _) => sp.GetRequiredService<EmbeddedStateStore>());

        services.AddSingleton(sp => new EmbeddedEventBus(sp.GetRequiredService<EmbeddedDatabase>(), sp, options.AppId));
        services.AddSingleton<IEventPublisher>(sp => sp.GetRequiredService<EmbeddedEventBus>());
        services.AddSingleton<ITransactionalPublisher>(sp => sp.GetRequiredService<EmbeddedEventBus>());
        services.AddSingleton<IDeadLetterReader>(sp => sp.GetRequiredService<EmbeddedEventBus>());
        services.AddSingleton<RecordedPublisher>();

        services.AddSingleton(_ => new EmbeddedSecretStore(embedded));
        services.AddSingleton<ISecretStore>(sp => sp.GetRequiredService<EmbeddedSecretStore>());

        services.AddSingleton(sp => new EmbeddedHealth(sp.GetRequiredService<EmbeddedDatabase>(), sp.GetRequiredService<EmbeddedEventBus>()));
        services.AddSingleton<IBuildingBlocksHealth>(sp => sp.GetRequiredService<EmbeddedHealth>());

        // The embedded options are not a service: the two that take them get them here, the rest from the container.
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<EmbeddedQueueConsumers>(sp, embedded));
        services.AddHostedService<EmbeddedTriggerService>();

        services.AddSingleton<EmbeddedWorkflowStore>();
        services.AddSingleton<WorkflowCatalog>();
        services.AddSingleton<EmbeddedWorkflowRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedWorkflowRunner>());
        services.TryAddSingleton<IWorkflowEngine, EmbeddedWorkflowEngine>();

        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<EmbeddedMaintenanceService>(sp, embedded));
        return services;
    }
}
