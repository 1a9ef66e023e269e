using DaprChannels.BuildingBlocks.PubSub;
using DaprChannels.BuildingBlocks.State;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Integrations;
using DaprChannels.Contracts.Events;
using DaprChannels.Dispatcher.Sending;
using Microsoft.Extensions.Options;

namespace DaprChannels.Dispatcher.Handlers;

/// <summary>
/// Keeps the newest status of each sent message, moving only forward whatever order the platform's
/// reports arrive in, including before the send itself was recorded.
/// </summary>
public sealed class StatusHandler(IStateStore state, IOptions<DispatcherOptions> options) : IEventHandler<InboundStatusChanged>
{
    public async Task<HandlerResult> HandleAsync(InboundStatusChanged @event, EventContext context, CancellationToken cancellationToken)
    {
        var status = @event.Status;
        var next = new MessageStatusRecord(status.PlatformMessageId, status.Status, status.Timestamp, status.ErrorCode, status.ErrorMessage);
        await state.UpdateAsync<MessageStatusRecord>(
            StateKeys.OutboundStatus(@event.IntegrationId, status.PlatformMessageId),
            current =>
            {
                if (current is null)
                {
                    return next;
                }

                var advanced = current.Advance(next);
                return ReferenceEquals(advanced, current) ? null : advanced;
            },
            options.Value.SendRecordRetention,
            cancellationToken: cancellationToken);
        return HandlerResult.Success;
    }
}
