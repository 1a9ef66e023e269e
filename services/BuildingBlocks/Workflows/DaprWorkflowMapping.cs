using Dapr.Workflow;
using Grpc.Core;

namespace DaprChannels.BuildingBlocks.Workflows;

/// <summary>From Dapr.Workflow's answers to this port's types; pure, so it is tested without daprd.</summary>
internal static class DaprWorkflowMapping
{
    public static WorkflowInstance ToInstance(string instanceId, WorkflowState state) => ToInstance(
        instanceId,
        state.WorkflowName,
        state.RuntimeStatus,
        state.CreatedAt,
        state.LastUpdatedAt,
        state.ReadInputAs<JsonElement?>(),
        state.ReadOutputAs<JsonElement?>(),
        state.ReadCustomStatusAs<JsonElement?>(),
        state.FailureDetails);

    public static WorkflowInstance ToInstance(
        string instanceId,
        string? workflowName,
        WorkflowRuntimeStatus status,
        DateTimeOffset createdAt,
        DateTimeOffset lastUpdatedAt,
        JsonElement? input,
        JsonElement? output,
        JsonElement? customStatus,
        WorkflowTaskFailureDetails? failure) => new(
            instanceId,
            workflowName ?? "",
            ToStatus(status),
            createdAt,
            lastUpdatedAt,
            NullIfJsonNull(input),
            NullIfJsonNull(output),
            NullIfJsonNull(customStatus),
            status == WorkflowRuntimeStatus.Failed ? failure?.ErrorMessage ?? "The workflow failed." : null);

    /// <summary>
    /// Dapr's statuses in this port's terms: continued-as-new is still running (its next execution has begun),
    /// canceled counts as terminated, stalled (a version this worker lacks) and unknown as suspended and pending.
    /// </summary>
    public static WorkflowInstanceStatus ToStatus(WorkflowRuntimeStatus status) => status switch
    {
        WorkflowRuntimeStatus.Running or WorkflowRuntimeStatus.ContinuedAsNew => WorkflowInstanceStatus.Running,
        WorkflowRuntimeStatus.Completed => WorkflowInstanceStatus.Completed,
        WorkflowRuntimeStatus.Failed => WorkflowInstanceStatus.Failed,
        WorkflowRuntimeStatus.Terminated or WorkflowRuntimeStatus.Canceled => WorkflowInstanceStatus.Terminated,
        WorkflowRuntimeStatus.Suspended or WorkflowRuntimeStatus.Stalled => WorkflowInstanceStatus.Suspended,
        _ => WorkflowInstanceStatus.Pending,
    };

    /// <summary>
    /// daprd refuses to start an id whose instance is still active: with <c>AlreadyExists</c> since dapr/dapr#10153,
    /// and before that with <c>Unknown</c> and "an active workflow with ID '…' already exists".
    /// </summary>
    public static bool IsInstanceAlreadyExists(RpcException exception) =>
        exception.StatusCode == StatusCode.AlreadyExists
        || (exception.StatusCode == StatusCode.Unknown && exception.Status.Detail.Contains("already exists", StringComparison.OrdinalIgnoreCase));

    /// <summary>Older daprd answers a read of an unknown id with <c>Unknown</c> "no such instance exists" rather than an empty state.</summary>
    public static bool IsNoSuchInstance(RpcException exception) =>
        exception.StatusCode == StatusCode.NotFound
        || (exception.StatusCode == StatusCode.Unknown && exception.Status.Detail.Contains("no such instance", StringComparison.OrdinalIgnoreCase));

    private static JsonElement? NullIfJsonNull(JsonElement? value) =>
        value is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } ? value : null;
}
