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

        services.AddHostedService(sp => new EmbeddedQueueConsumers(
            sp.GetRequiredService<EmbeddedDatabase>(),
            sp.GetRequiredService<EmbeddedEventBus>(),
            sp,
            embedded,
            sp.GetRequiredService<ILogger<EmbeddedQueueConsumers>>()));
        services.AddHostedService<EmbeddedTriggerService>();

        services.AddSingleton(sp => new EmbeddedWorkflowStore(sp.GetRequiredService<EmbeddedDatabase>()));
        services.AddSingleton(sp => new WorkflowCatalog(
            sp.GetServices<WorkflowRegistration>(), sp.GetServices<WorkflowActivityRegistration>()));
        services.AddSingleton(sp => new EmbeddedWorkflowRunner(
            sp.GetRequiredService<EmbeddedWorkflowStore>(),
            sp.GetRequiredService<WorkflowCatalog>(),
            sp,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedWorkflowRunner>());
        services.TryAddSingleton<IWorkflowEngine>(sp => new EmbeddedWorkflowEngine(
            sp.GetRequiredService<EmbeddedWorkflowStore>(), sp.GetRequiredService<EmbeddedWorkflowRunner>()));

        services.AddHostedService(sp => new EmbeddedMaintenanceService(
            sp.GetRequiredService<EmbeddedStateStore>(),
            sp.GetRequiredService<EmbeddedWorkflowStore>(),
            embedded,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<EmbeddedMaintenanceService>>()));
        return services;
    }
}
