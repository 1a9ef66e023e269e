using DaprChannels.Contracts.Integrations;

namespace DaprChannels.Dispatcher.Handlers;

/// <summary>
/// Keeps the newest status of each sent message, moving only forward whatever order the platform's
/// reports arrive in, including before the send itself was recorded. A read receipt that names a time
/// instead of a message (Messenger's watermark) advances every remembered send to that contact up to it.
/// The newest status is announced on <c>outbound.status</c> for whoever follows a message's delivery (the messages API).
/// </summary>
public sealed class StatusHandler(IStateStore state, IEventPublisher publisher, TimeProvider clock, IOptions<DispatcherOptions> options)
    : IEventHandler<InboundStatusChanged>
{
    public async Task<HandlerResult> HandleAsync(InboundStatusChanged @event, EventContext context, CancellationToken cancellationToken)
    {
        var status = @event.Status;
        if (!status.IsWatermark)
        {
            await AdvanceAsync(@event, status.PlatformMessageId, status, cancellationToken);
            return HandlerResult.Success;
        }

        // "Everything sent to this contact before the watermark": each remembered send up to that time.
        if (status.RecipientAddress is { } address
            && (await state.GetAsync<RecentSends>(DispatcherStateKeys.OutboundRecent(@event.IntegrationId, address), cancellationToken))?.Value is { } recent)
        {
            foreach (var sent in recent.Sends.Where(s => s.SentAt <= status.Timestamp))
            {
                await AdvanceAsync(@event, sent.PlatformMessageId, status, cancellationToken);
            }
        }

        return HandlerResult.Success;
    }

    /// <remarks>
    /// The newest status is announced after every report, advanced or not: should an announcement fail, the report
    /// comes back and announces the record as it stands. Its id follows from the status, so a repeat is recognised.
    /// </remarks>
    private async Task AdvanceAsync(InboundStatusChanged @event, string platformMessageId, CanonicalStatus status, CancellationToken cancellationToken)
    {
        var next = new MessageStatusRecord(platformMessageId, status.Status, status.Timestamp, status.ErrorCode, status.ErrorMessage);
        var stored = await state.UpdateAsync<MessageStatusRecord>(
            DispatcherStateKeys.OutboundStatus(@event.IntegrationId, platformMessageId),
            current => MessageStatusRecord.Advancing(current, next),
            options.Value.SendRecordRetention,
            cancellationToken: cancellationToken);
        if (stored is null)
        {
            return;
        }

        await publisher.PublishAsync(OutboundStatusChanged.Topic, new OutboundStatusChanged(
            StableId.From("ost_", @event.IntegrationId, platformMessageId, stored.Status.ToString(), stored.Timestamp.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            clock.GetUtcNow(), @event.TenantId, @event.IntegrationId, platformMessageId, stored.Status, stored.Timestamp, stored.ErrorCode, stored.ErrorMessage),
            cancellationToken);
    }
}
