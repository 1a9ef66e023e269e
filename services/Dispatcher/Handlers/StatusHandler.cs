using DaprChannels.BuildingBlocks.PubSub;
using DaprChannels.BuildingBlocks.State;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Integrations;
using DaprChannels.Contracts.Messages;
using DaprChannels.Dispatcher.Sending;
using Microsoft.Extensions.Options;

namespace DaprChannels.Dispatcher.Handlers;

/// <summary>
/// Keeps the newest status of each sent message, moving only forward whatever order the platform's
/// reports arrive in, including before the send itself was recorded. A read receipt that names a time
/// instead of a message (Messenger's watermark) advances every remembered send to that contact up to it.
/// </summary>
public sealed class StatusHandler(IStateStore state, IOptions<DispatcherOptions> options) : IEventHandler<InboundStatusChanged>
{
    public async Task<HandlerResult> HandleAsync(InboundStatusChanged @event, EventContext context, CancellationToken cancellationToken)
    {
        var status = @event.Status;
        if (!status.IsWatermark)
        {
            await AdvanceAsync(@event.IntegrationId, status.PlatformMessageId, status, cancellationToken);
            return HandlerResult.Success;
        }

        // "Everything sent to this contact before the watermark": each remembered send up to that time.
        if (status.RecipientAddress is { } address
            && (await state.GetAsync<RecentSends>(StateKeys.OutboundRecent(@event.IntegrationId, address), cancellationToken))?.Value is { } recent)
        {
            foreach (var sent in recent.Sends.Where(s => s.SentAt <= status.Timestamp))
            {
                await AdvanceAsync(@event.IntegrationId, sent.PlatformMessageId, status, cancellationToken);
            }
        }

        return HandlerResult.Success;
    }

    private async Task AdvanceAsync(string integrationId, string platformMessageId, CanonicalStatus status, CancellationToken cancellationToken)
    {
        var next = new MessageStatusRecord(platformMessageId, status.Status, status.Timestamp, status.ErrorCode, status.ErrorMessage);
        await state.UpdateAsync<MessageStatusRecord>(
            StateKeys.OutboundStatus(integrationId, platformMessageId),
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
    }
}
