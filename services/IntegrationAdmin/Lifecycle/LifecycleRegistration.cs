using DaprChannels.BuildingBlocks.Workflows;

namespace DaprChannels.IntegrationAdmin.Lifecycle;

public static class LifecycleRegistration
{
    /// <summary>The lifecycle workflows (connect, test, refresh-token, disconnect), their activities and the operations they run as.</summary>
    public static IServiceCollection AddIntegrationLifecycle(this IServiceCollection services)
    {
        services.AddSingleton<LifecycleOperations>();
        services.AddSingleton<WebhookSubscribers>();
        services.AddSingleton<WebhookRegistrar>();

        services.AddWorkflow<ConnectWorkflow>();
        services.AddWorkflow<TestWorkflow>();
        services.AddWorkflow<RefreshTokenWorkflow>();
        services.AddWorkflow<DisconnectWorkflow>();

        services.AddWorkflowActivity<ClaimRouteActivity>();
        services.AddWorkflowActivity<ReleaseRouteActivity>();
        services.AddWorkflowActivity<TestCredentialsActivity>();
        services.AddWorkflowActivity<SaveCredentialTestActivity>();
        services.AddWorkflowActivity<RegisterWebhookActivity>();
        services.AddWorkflowActivity<RemoveWebhookActivity>();
        services.AddWorkflowActivity<ActivateIntegrationActivity>();
        services.AddWorkflowActivity<SetIntegrationStatusActivity>();
        services.AddWorkflowActivity<ReadTokenScheduleActivity>();
        services.AddWorkflowActivity<RefreshTokenActivity>();
        services.AddWorkflowActivity<ScheduleTokenRefreshActivity>();
        services.AddWorkflowActivity<StopTokenRefreshActivity>();
        services.AddWorkflowActivity<SendTestMessageActivity>();
        return services;
    }
}
