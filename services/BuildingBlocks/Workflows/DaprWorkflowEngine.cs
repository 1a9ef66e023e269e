using Dapr.Workflow;
using Grpc.Core;

namespace DaprChannels.BuildingBlocks.Workflows;

/// <summary><see cref="IWorkflowEngine"/> over Dapr.Workflow's client; daprd keeps the history.</summary>
internal sealed class DaprWorkflowEngine(DaprWorkflowClient client) : IWorkflowEngine
{
    public async Task StartAsync(string workflowName, string instanceId, object? input, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowName);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        try
        {
            await client.ScheduleNewWorkflowAsync(workflowName, instanceId, input, startTime: null, cancellationToken);
        }
        catch (RpcException ex) when (DaprWorkflowMapping.IsInstanceAlreadyExists(ex))
        {
            throw new WorkflowInstanceExistsException(instanceId);
        }
    }

    public async Task<WorkflowInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        WorkflowState? state;
        try
        {
            state = await client.GetWorkflowStateAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        }
        catch (RpcException ex) when (DaprWorkflowMapping.IsNoSuchInstance(ex))
        {
            return null;
        }

        return state is { Exists: true } ? DaprWorkflowMapping.ToInstance(instanceId, state) : null;
    }

    public Task RaiseEventAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        return client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);
    }

    public Task TerminateAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return client.TerminateWorkflowAsync(instanceId, reason, cancellationToken);
    }
}
