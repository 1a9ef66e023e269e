using Dapr.Workflow;
using Dapr.Workflow.Registration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DaprChannels.BuildingBlocks.Workflows;

/// <summary>
/// Dapr mode's workflow engine: <see cref="DaprWorkflowClient"/> behind <see cref="IWorkflowEngine"/> and, once this
/// process registers a workflow or an activity, Dapr.Workflow's worker (which streams work from daprd's gRPC port).
/// A service that only starts workflows hosted elsewhere gets the client without the worker.
/// Both use <see cref="EventJson.Options"/>, so inputs, outputs and events read as everywhere else.
/// </summary>
public static class DaprWorkflowRegistration
{
    public static IServiceCollection AddDaprWorkflowEngine(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(DaprWorkflowMode)))
        {
            return services;
        }

        services.AddSingleton(new DaprWorkflowMode());
        services.TryAddSingleton<IWorkflowEngine>(sp => new DaprWorkflowEngine(
            sp.GetService<DaprWorkflowClient>() ?? BuildClient(sp)));
        var recorded = services
            .Select(d => d.ImplementationInstance switch
            {
                WorkflowRegistration w => w.RegisterWithDapr,
                WorkflowActivityRegistration a => a.RegisterWithDapr,
                _ => null,
            })
            .OfType<Action<WorkflowRuntimeOptions>>()
            .ToList();
        if (recorded.Count > 0)
        {
            AddRuntime(services, recorded);
        }

        return services;
    }

    /// <summary>Called by every registration: in Dapr mode it reaches the runtime now (adding it on the first one).</summary>
    internal static void OnWorkflowRegistered(IServiceCollection services, Action<WorkflowRuntimeOptions> register)
    {
        if (!services.Any(d => d.ServiceType == typeof(DaprWorkflowMode)))
        {
            return;
        }

        // Dapr applies the options' registrations when its factory is first built, so adding to them here still counts.
        if (services.FirstOrDefault(d => d.ServiceType == typeof(WorkflowRuntimeOptions))?.ImplementationInstance is WorkflowRuntimeOptions runtime)
        {
            register(runtime);
        }
        else
        {
            AddRuntime(services, [register]);
        }
    }

    private static void AddRuntime(IServiceCollection services, IReadOnlyList<Action<WorkflowRuntimeOptions>> registrations)
    {
        services
            .AddDaprWorkflowBuilder(
                runtime =>
                {
                    foreach (var register in registrations)
                    {
                        register(runtime);
                    }
                },
                (_, client) => client.UseJsonSerializer(EventJson.Options))
            .WithJsonSerializer(EventJson.Options);
    }

    private static DaprWorkflowClient BuildClient(IServiceProvider services) =>
        new DaprWorkflowClientBuilder(services.GetService<IConfiguration>())
            .UseJsonSerializer(EventJson.Options)
            .Build();

    /// <summary>Marks a service collection whose workflows run under Dapr.</summary>
    private sealed class DaprWorkflowMode;
}
