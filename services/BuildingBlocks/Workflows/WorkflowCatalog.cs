using Dapr.Workflow;
using Dapr.Workflow.Abstractions;

namespace DaprChannels.BuildingBlocks.Workflows;

/// <summary>The workflows and activities registered in this process, by name; read from DI when first needed.</summary>
internal sealed class WorkflowCatalog(IEnumerable<WorkflowRegistration> workflows, IEnumerable<WorkflowActivityRegistration> activities)
{
    private readonly Dictionary<string, Type> _workflows = workflows
        .GroupBy(r => r.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Type, StringComparer.Ordinal);

    private readonly Dictionary<string, Type> _activities = activities
        .GroupBy(r => r.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Type, StringComparer.Ordinal);

    public bool IsEmpty => _workflows.Count == 0 && _activities.Count == 0;

    public bool HasWorkflow(string name) => _workflows.ContainsKey(name);

    public IWorkflow? CreateWorkflow(string name, IServiceProvider services) =>
        _workflows.TryGetValue(name, out var type) ? (IWorkflow)ActivatorUtilities.CreateInstance(services, type) : null;

    public IWorkflowActivity? CreateActivity(string name, IServiceProvider scopedServices) =>
        _activities.TryGetValue(name, out var type) ? (IWorkflowActivity)ActivatorUtilities.CreateInstance(scopedServices, type) : null;
}
