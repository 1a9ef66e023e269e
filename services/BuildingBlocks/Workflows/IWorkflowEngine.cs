namespace DaprChannels.BuildingBlocks.Workflows;

/// <summary>
/// Starts and follows durable workflows written against Dapr.Workflow's <c>Workflow&lt;TInput, TOutput&gt;</c>:
/// the Dapr workflow client under Dapr, the embedded replay runner (history in the SQLite file) otherwise.
/// A workflow's name is its class name, as Dapr registers it.
/// </summary>
public interface IWorkflowEngine
{
    /// <summary>
    /// Schedules <paramref name="workflowName"/> as <paramref name="instanceId"/>. An id already used by a
    /// running instance throws <see cref="WorkflowInstanceExistsException"/>.
    /// </summary>
    Task StartAsync(string workflowName, string instanceId, object? input, CancellationToken cancellationToken = default);

    /// <summary>The instance's state, or null when there is no such instance.</summary>
    Task<WorkflowInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Delivers an external event that the instance waits for (or will wait for) by name.</summary>
    Task RaiseEventAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken = default);

    /// <summary>Stops a running instance; it ends <see cref="WorkflowInstanceStatus.Terminated"/>.</summary>
    Task TerminateAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default);
}

/// <param name="Input">The input, output and custom status as JSON (<see cref="EventJson.Options"/>).</param>
/// <param name="FailureMessage">Why a failed instance failed (an exception's message, never its stack).</param>
public sealed record WorkflowInstance(
    string InstanceId,
    string WorkflowName,
    WorkflowInstanceStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    JsonElement? Input,
    JsonElement? Output,
    JsonElement? CustomStatus,
    string? FailureMessage);

public enum WorkflowInstanceStatus
{
    Pending,
    Running,
    Completed,
    Failed,
    Terminated,
    Suspended,
}

public sealed class WorkflowInstanceExistsException(string instanceId)
    : Exception($"A workflow instance '{instanceId}' is already running.")
{
    public string InstanceId { get; } = instanceId;
}
