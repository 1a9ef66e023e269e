using Dapr.Workflow;

namespace DaprChannels.BuildingBlocks.Workflows;

/// <summary>A class registered for workflows by its name, and how Dapr's runtime is told of it.</summary>
public interface IWorkflowTypeRegistration
{
    string Name { get; }

    Action<WorkflowRuntimeOptions> RegisterWithDapr { get; }
}

/// <summary>
/// A workflow class registered with <see cref="WorkflowServiceCollectionExtensions.AddWorkflow{TWorkflow}"/>, kept
/// as a singleton so whichever engine the mode picks finds it, however late it was registered.
/// </summary>
public sealed record WorkflowRegistration(string Name, Type Type, Action<WorkflowRuntimeOptions> RegisterWithDapr) : IWorkflowTypeRegistration;

/// <summary>An activity class registered with <see cref="WorkflowServiceCollectionExtensions.AddWorkflowActivity{TActivity}"/>.</summary>
public sealed record WorkflowActivityRegistration(string Name, Type Type, Action<WorkflowRuntimeOptions> RegisterWithDapr) : IWorkflowTypeRegistration;
