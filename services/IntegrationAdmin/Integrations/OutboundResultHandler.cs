using DaprChannels.BuildingBlocks.Workflows;
using DaprChannels.IntegrationAdmin.Lifecycle;

namespace DaprChannels.IntegrationAdmin.Integrations;

/// <summary>
/// A send refused for bad credentials marks the integration as needing re-authorization, visible in the admin API.
/// The result of a test message goes to the test workflow waiting for it. Every result goes into the messages
/// API's view (<see cref="MessageViews"/>).
/// </summary>
public sealed class OutboundResultHandler(IntegrationService integrations, IWorkflowEngine workflows, MessageViews views) : IEventHandler<OutboundMessageResult>
{
    public async Task<HandlerResult> HandleAsync(OutboundMessageResult result, EventContext context, CancellationToken cancellationToken)
    {
        await views.RecordResultAsync(result, cancellationToken);
        if (result.Outcome == SendOutcomeKind.Failed && result.ErrorCode == "unauthorized")
        {
            await integrations.MarkNeedsReauthorizationAsync(result.IntegrationId, "The platform refused the credentials while sending.", cancellationToken);
        }

        if (TestMessages.OperationOf(result.OutboundId) is { } operationId
            && await workflows.GetAsync(operationId, cancellationToken) is { Status: WorkflowInstanceStatus.Running or WorkflowInstanceStatus.Pending })
        {
            await workflows.RaiseEventAsync(operationId, TestMessages.DeliveryStatusEvent, new TestDeliveryStatus(
                LifecycleStatus.Name(result.Outcome), LifecycleStatus.Name(result.Status), result.PlatformMessageId, result.ErrorCode, result.ErrorReason), cancellationToken);
        }

        return HandlerResult.Success;
    }
}
