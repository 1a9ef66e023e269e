using DaprChannels.IntegrationAdmin.Integrations;
using Microsoft.Extensions.DependencyInjection;

namespace DaprChannels.IntegrationAdmin.Lifecycle;

public static class LifecycleRegistration
{
    /// <summary>The lifecycle workflows (connect, test, refresh-token, disconnect), their activities and the operations they run as.</summary>
    public static IServiceCollection AddIntegrationLifecycle(this IServiceCollection services)
    {
        services.AddSingleton<LifecycleOperations>();
        services.AddSingleton<WebhookRegistrar>();
        return services;
    }
}
