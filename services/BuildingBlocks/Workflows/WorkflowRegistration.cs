using Dapr.Workflow;

namespace DaprChannels.BuildingBlocks.Workflows;

/// <summary>
/// A workflow class registered with <see cref="WorkflowServiceCollectionExtensions.AddWorkflow{TWorkflow}"/>, kept
/// as a singleton so whichever engine the mode picks finds it, however late it was registered.
/// </summary>
public sealed record WorkflowRegistration(string Name, Type Type, Action<WorkflowRuntimeOptions> RegisterWithDapr);

/// <summary>An activity class registered with <see cref="WorkflowServiceCollectionExtensions.AddWorkflowActivity{TActivity}"/>.</summary>
public sealed record WorkflowActivityRegistration(string Name, Type Type, Action<WorkflowRuntimeOptions> RegisterWithDapr);
