namespace DaprChannels.IntegrationAdmin.Integrations;

/// <summary>Follows sent messages' delivery (delivered, read) into the messages API's view.</summary>
public sealed class OutboundStatusHandler(MessageViews views) : IEventHandler<OutboundStatusChanged>
{
    public async Task<HandlerResult> HandleAsync(OutboundStatusChanged status, EventContext context, CancellationToken cancellationToken)
    {
        await views.RecordDeliveryAsync(status, cancellationToken);
        return HandlerResult.Success;
    }
}
