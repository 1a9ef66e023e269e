using DaprChannels.BuildingBlocks.PubSub;
using DaprChannels.Contracts.Events;

namespace DaprChannels.Integrations;

public sealed class IntegrationChangedHandler(IntegrationDirectory directory) : IEventHandler<IntegrationChanged>
{
    public Task<HandlerResult> HandleAsync(IntegrationChanged @event, EventContext context, CancellationToken cancellationToken)
    {
        directory.Invalidate(@event.IntegrationId);
        return Task.FromResult(HandlerResult.Success);
    }
}
