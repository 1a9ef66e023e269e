using DaprChannels.BuildingBlocks.PubSub;
using DaprChannels.Contracts.Events;

namespace DaprChannels.IntegrationAdmin.Integrations;

/// <summary>A send refused for bad credentials marks the integration as needing re-authorization, visible in the admin API.</summary>
public sealed class OutboundResultHandler(IntegrationService integrations) : IEventHandler<OutboundMessageResult>
{
    public async Task<HandlerResult> HandleAsync(OutboundMessageResult result, EventContext context, CancellationToken cancellationToken)
    {
        if (result.Outcome == SendOutcomeKind.Failed && result.ErrorCode == "unauthorized")
        {
            await integrations.MarkNeedsReauthorizationAsync(result.IntegrationId, "The platform refused the credentials while sending.", cancellationToken);
        }

        return HandlerResult.Success;
    }
}
