namespace DaprChannels.BuildingBlocks.Workflows.Embedded;

/// <summary><see cref="IWorkflowEngine"/> over the SQLite file; <see cref="EmbeddedWorkflowRunner"/> runs what it records.</summary>
internal sealed class EmbeddedWorkflowEngine(EmbeddedWorkflowStore store, EmbeddedWorkflowRunner runner) : IWorkflowEngine
{
    public async Task StartAsync(string workflowName, string instanceId, object? input, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowName);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await store.StartAsync(workflowName, instanceId, WorkflowJson.Serialize(input), cancellationToken);
        runner.ScheduleStep(instanceId);
    }

    public async Task<WorkflowInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var row = await store.GetAsync(instanceId, cancellationToken);
        return row is null
            ? null
            : new WorkflowInstance(
                row.InstanceId,
                row.WorkflowName,
                row.Status,
                DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
                DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAt),
                WorkflowJson.ToElement(row.Input),
                WorkflowJson.ToElement(row.Output),
                WorkflowJson.ToElement(row.CustomStatus),
                row.Status == WorkflowInstanceStatus.Failed ? row.FailureMessage : null);
    }

    /// <summary>An event for an instance that is not active (finished, or never started) is dropped.</summary>
    public async Task RaiseEventAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        if (await store.RaiseEventAsync(instanceId, eventName, WorkflowJson.Serialize(payload), cancellationToken))
        {
            runner.ScheduleStep(instanceId);
        }
    }

    /// <summary>Terminating an instance that already finished (or does not exist) changes nothing.</summary>
    public Task TerminateAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return store.TerminateAsync(instanceId, reason, cancellationToken);
    }
}
