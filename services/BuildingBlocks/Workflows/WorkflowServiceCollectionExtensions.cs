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
        => services.AddOnce(new WorkflowRegistration(typeof(TWorkflow).Name, typeof(TWorkflow), static o => o.RegisterWorkflow<TWorkflow>()));

    /// <summary>
    /// Registers <typeparamref name="TActivity"/> (a <c>WorkflowActivity&lt;TInput, TOutput&gt;</c>) under its class
    /// name. Each execution creates it in a DI scope of its own, so it may take any service in its constructor.
    /// </summary>
    public static IServiceCollection AddWorkflowActivity<TActivity>(this IServiceCollection services)
        where TActivity : class, IWorkflowActivity
        => services.AddOnce(new WorkflowActivityRegistration(typeof(TActivity).Name, typeof(TActivity), static o => o.RegisterActivity<TActivity>()));

    /// <summary>Adds <paramref name="registration"/> unless one of its kind with its name is there already.</summary>
    private static IServiceCollection AddOnce<TRegistration>(this IServiceCollection services, TRegistration registration)
        where TRegistration : class, IWorkflowTypeRegistration
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ImplementationInstance is TRegistration r && r.Name == registration.Name))
        {
            return services;
        }

        services.AddSingleton(registration);
        DaprWorkflowRegistration.OnWorkflowRegistered(services, registration.RegisterWithDapr);
        return services;
    }
}
