using Dapr.Workflow;
using Dapr.Workflow.Abstractions;

namespace DaprChannels.BuildingBlocks.Workflows.Embedded;

/// <summary>
/// What an activity sees in embedded mode. <see cref="TaskExecutionKey"/> is the same every time one call of the
/// activity is run again (after a crash), so an activity can use it as an idempotency key; each retry of a retry
/// policy is a call of its own and gets a new key. The token is cancelled when the host stops.
/// </summary>
internal sealed class EmbeddedActivityContext(string name, string instanceId, long execution, int taskId, CancellationToken cancellationToken)
    : WorkflowActivityContext
{
    public override TaskIdentifier Identifier { get; } = new(name);

    public override string TaskExecutionKey { get; } = $"{instanceId}:{execution}:{taskId}";

    public override string InstanceId => instanceId;

    public override CancellationToken CancellationToken => cancellationToken;
}
