using DaprChannels.Contracts.Integrations;
using DaprChannels.Integrations;
using DaprChannels.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Logging;

namespace DaprChannels.Dispatcher.Handlers;

/// <summary>
/// Sends an outbound message through its channel. The send record is checked before sending and
/// written before the event is acknowledged, so a redelivered request is not sent again, and a
/// short-lived lock on the outbound id keeps two copies of one request (redelivered while the first
/// is still being sent) from both sending. The result is published with the send record through
/// <see cref="RecordedPublisher"/> (under Dapr the result first, then the record). A crash between the
/// platform's answer and the record can still send twice once the lock lapses: platforms offer no
/// idempotency key, and losing a reply is worse than repeating one; the repeated result carries the same
/// id and is dropped downstream.
/// </summary>
public sealed class OutboundMessageHandler(
    IntegrationDirectory integrations,
    ChannelRegistry channels,
    IntegrationRateLimiter rateLimiter,
    CustomerServiceWindow window,
    IStateStore state,
    RecordedPublisher recorded,
    TimeProvider clock,
    IOptions<DispatcherOptions> options,
    ILogger<OutboundMessageHandler> logger) : IEventHandler<OutboundMessageRequested>
{
    public async Task<HandlerResult> HandleAsync(OutboundMessageRequested message, EventContext context, CancellationToken cancellationToken)
    {
        if (await IsHandledAsync(message.Id, cancellationToken))
        {
            return HandlerResult.Success;
        }

        // Wait for the integration's rate limit before taking the lock, so the lock is held only for the send.
        if (!await rateLimiter.WaitAsync(message.IntegrationId, message.Platform, cancellationToken))
        {
            return HandlerResult.Retry;
        }

        switch (await AcquireSendLockAsync(message.Id, cancellationToken))
        {
            case LockOutcome.AlreadyHandled:
                return HandlerResult.Success;
            case LockOutcome.Busy:
                return HandlerResult.Retry;
        }

        try
        {
            return await SendAsync(message, context, cancellationToken);
        }
        catch
        {
            await ReleaseSendLockAsync(message.Id);
            throw;
        }
    }

    private async Task<HandlerResult> SendAsync(OutboundMessageRequested message, EventContext context, CancellationToken cancellationToken)
    {
        var integration = await integrations.FindAsync(message.IntegrationId, cancellationToken);
        var platform = channels.Find(message.Platform);
        if (integration is null || platform is null)
        {
            await CompleteAsync(message, context, new SendResult(SendStatus.Permanent, ErrorCode: "integration_not_found",
                Reason: "The integration no longer exists."), cancellationToken);
            return HandlerResult.Success;
        }

        if (platform is not IOutboundChannel adapter)
        {
            await CompleteAsync(message, context, new SendResult(SendStatus.Permanent, ErrorCode: "not_supported",
                Reason: $"{platform.Descriptor.DisplayName} sends no messages."), cancellationToken);
            return HandlerResult.Success;
        }

        // Sending it again would fail the same way: it fails once, with the field, instead of retrying.
        if (MessageContentRules.Check(message.Content) is [var problem, ..])
        {
            await CompleteAsync(message, context, new SendResult(SendStatus.Permanent, ErrorCode: SendErrorCodes.InvalidContent,
                Reason: $"The content cannot be sent: {problem.Field}: {problem.Message}"), cancellationToken);
            return HandlerResult.Success;
        }

        var result = await window.SendAsync(message, adapter, integration.Channel, cancellationToken);
        if (result.Status == SendStatus.Transient)
        {
            logger.LogWarning("Sending {OutboundId} on {Platform} failed for now ({ErrorCode}); will retry",
                message.Id, message.Platform, result.ErrorCode);
            if (result.RetryAfter is { } wait && wait <= options.Value.MaxInlineRetryAfter)
            {
                await Task.Delay(wait, clock, cancellationToken);
            }

            await ReleaseSendLockAsync(message.Id);
            return HandlerResult.Retry;
        }

        await CompleteAsync(message, context, result, cancellationToken);
        if (result is { Status: SendStatus.Sent, PlatformMessageId: { } platformId } && adapter.Capabilities.ReadWatermarks)
        {
            await RememberRecentSendAsync(message, platformId, cancellationToken);
        }

        return HandlerResult.Success;
    }

    /// <summary>
    /// Best effort: a read receipt that names only a time is matched against these. Losing one entry
    /// leaves that message at "sent" instead of "read"; it never affects the send itself.
    /// </summary>
    private async Task RememberRecentSendAsync(OutboundMessageRequested message, string platformMessageId, CancellationToken cancellationToken)
    {
        try
        {
            var sent = new RecentSend(platformMessageId, clock.GetUtcNow());
            await state.UpdateAsync<RecentSends>(
                DispatcherStateKeys.OutboundRecent(message.IntegrationId, message.ChannelAddress),
                current => (current ?? RecentSends.Empty).Add(sent),
                options.Value.SendRecordRetention,
                cancellationToken: cancellationToken);
        }
        catch (StateStoreException ex)
        {
            logger.LogWarning(ex, "Could not remember {OutboundId} for read receipts by time", message.Id);
        }
    }

    private async Task<bool> IsHandledAsync(string outboundId, CancellationToken cancellationToken)
    {
        var record = await state.GetAsync<OutboundSendRecord>(DispatcherStateKeys.OutboundSend(outboundId), cancellationToken);
        if (record?.Value.IsFinal == true)
        {
            logger.LogDebug("Outbound {OutboundId} was already handled ({Status})", outboundId, record.Value.Status);
            return true;
        }

        return false;
    }

    private enum LockOutcome
    {
        Acquired,
        AlreadyHandled,
        Busy,
    }

    /// <summary>
    /// Takes the outbound id's send lock. While another worker holds it, waits (up to the lock's
    /// lifetime) for that worker to finish or for the lock to lapse, rather than spending retries.
    /// </summary>
    private async Task<LockOutcome> AcquireSendLockAsync(string outboundId, CancellationToken cancellationToken)
    {
        var lockKey = DispatcherStateKeys.OutboundSendLock(outboundId);
        var duration = options.Value.SendLockDuration;
        var giveUpAt = clock.GetUtcNow() + duration + TimeSpan.FromSeconds(1);
        while (true)
        {
            if (await state.TryClaimAsync(lockKey, clock.GetUtcNow(), duration, cancellationToken))
            {
                // The holder before may have finished (and its lock lapsed) since this worker last looked.
                if (await IsHandledAsync(outboundId, cancellationToken))
                {
                    await ReleaseSendLockAsync(outboundId);
                    return LockOutcome.AlreadyHandled;
                }

                return LockOutcome.Acquired;
            }

            if (clock.GetUtcNow() >= giveUpAt)
            {
                return LockOutcome.Busy;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), clock, cancellationToken);
            if (await IsHandledAsync(outboundId, cancellationToken))
            {
                return LockOutcome.AlreadyHandled;
            }
        }
    }

    private async Task ReleaseSendLockAsync(string outboundId)
    {
        try
        {
            await state.DeleteAsync(DispatcherStateKeys.OutboundSendLock(outboundId), cancellationToken: CancellationToken.None);
        }
        catch (StateStoreException ex)
        {
            logger.LogWarning(ex, "Could not release the send lock of {OutboundId}; it lapses by itself", outboundId);
        }
    }

    private async Task CompleteAsync(OutboundMessageRequested message, EventContext context, SendResult result, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var sent = result.Status == SendStatus.Sent;
        var status = sent ? DeliveryStatus.Sent : DeliveryStatus.Failed;
        var errorCode = result.Status == SendStatus.Unauthorized ? "unauthorized" : result.ErrorCode;
        var record = new OutboundSendRecord(message.Id, message.IntegrationId, status, result.PlatformMessageId, errorCode, result.Reason, now,
            result.Degradations);
        (sent ? DaprChannelsTelemetry.MessagesSent : DaprChannelsTelemetry.MessagesFailed)
            .Add(1, new KeyValuePair<string, object?>("platform", message.Platform));
        if (!sent)
        {
            logger.LogWarning("Outbound {OutboundId} on {Platform} failed: {ErrorCode} {Reason}", message.Id, message.Platform, errorCode, result.Reason);
        }

        var outcome = new OutboundMessageResult(
            StableId.From("res_", message.Id),
            now,
            message.Id,
            message.TenantId,
            message.IntegrationId,
            message.Platform,
            message.ConversationId,
            sent ? SendOutcomeKind.Sent : SendOutcomeKind.Failed,
            status,
            result.PlatformMessageId,
            errorCode,
            result.Reason,
            context.Attempt,
            result.Degradations ?? [],
            message.ChannelAddress);
        var remember = StateOperation.Upsert(DispatcherStateKeys.OutboundSend(message.Id), record, ttl: options.Value.SendRecordRetention);
        await recorded.PublishAsync(OutboundMessageResult.Topic, outcome, [remember], cancellationToken);
    }
}
