using Dapr.Workflow;
using Dapr.Workflow.Abstractions;

namespace DaprChannels.BuildingBlocks.Workflows;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TWorkflow"/> (a <c>Workflow&lt;TInput, TOutput&gt;</c>) under its class name, as
    /// Dapr's <c>RegisterWorkflow&lt;T&gt;()</c> does. It may be called before or after the building blocks are added.
    /// A workflow is created afresh for every orchestration step and must not take services: its side effects
    /// belong in activities.
    /// </summary>
    public static IServiceCollection AddWorkflow<TWorkflow>(this IServiceCollection services)
        where TWorkflow : class, IWorkflow
    {
        ArgumentNullException.ThrowIfNull(services);
        var name = typeof(TWorkflow).Name;
        if (services.Any(d => d.ImplementationInstance is WorkflowRegistration r && r.Name == name))
        {
            return services;
        }

        var registration = new WorkflowRegistration(name, typeof(TWorkflow), static o => o.RegisterWorkflow<TWorkflow>());
        services.AddSingleton(registration);
        DaprWorkflowRegistration.OnWorkflowRegistered(services, registration.RegisterWithDapr);
        return services;
    }

    /// <summary>
    /// Registers <typeparamref name="TActivity"/> (a <c>WorkflowActivity&lt;TInput, TOutput&gt;</c>) under its class
    /// name. Each execution creates it in a DI scope of its own, so it may take any service in its constructor.
    /// </summary>
    public static IServiceCollection AddWorkflowActivity<TActivity>(this IServiceCollection services)
        where TActivity : class, IWorkflowActivity
    {
        ArgumentNullException.ThrowIfNull(services);
        var name = typeof(TActivity).Name;
        if (services.Any(d => d.ImplementationInstance is WorkflowActivityRegistration r && r.Name == name))
        {
            return services;
        }

        var registration = new WorkflowActivityRegistration(name, typeof(TActivity), static o => o.RegisterActivity<TActivity>());
        services.AddSingleton(registration);
        DaprWorkflowRegistration.OnWorkflowRegistered(services, registration.RegisterWithDapr);
        return services;
    }
}
