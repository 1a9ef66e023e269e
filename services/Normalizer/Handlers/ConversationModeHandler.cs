using DaprChannels.BuildingBlocks.State;
using DaprChannels.Contracts.Integrations;
using DaprChannels.Contracts.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DaprChannels.Normalizer.Handlers;

/// <summary>
/// Applies a person's takeover or hand-back to the conversation, which the Normalizer owns; the mode then rides on
/// the conversation's later <see cref="InboundMessageReceived"/> events, which is how the bot learns it. A change
/// older than the one on record is ignored, so changes arriving out of order end as the newest says. A conversation
/// whose contact has not written yet is put on record with its mode, and its first message finds it there.
/// </summary>
public sealed class ConversationModeHandler(
    IStateStore state,
    IOptions<NormalizerOptions> options,
    ILogger<ConversationModeHandler> logger) : IEventHandler<ConversationModeChanged>
{
    public async Task<HandlerResult> HandleAsync(ConversationModeChanged change, EventContext context, CancellationToken cancellationToken)
    {
        if (change.ConversationId != ConversationIds.Conversation(change.IntegrationId, change.ChannelAddress))
        {
            throw new PoisonEventException($"Mode change {change.Id} names conversation {change.ConversationId}, which is not the integration's conversation with its address.");
        }

        var applied = false;
        await state.UpdateAsync<ConversationRecord>(
            NormalizerStateKeys.Conversation(change.ConversationId),
            current =>
            {
                applied = false;
                if (current is not null
                    && (current.IntegrationId != change.IntegrationId
                        || current.TenantId != change.TenantId
                        || current.ModeChangedAt >= change.OccurredAt))
                {
                    return null;
                }

                applied = true;
                return (current ?? NotYetWritten(change)) with { Mode = change.Mode, ModeChangedAt = change.OccurredAt };
            },
            options.Value.ConversationRetention,
            cancellationToken: cancellationToken);
        if (applied)
        {
            logger.LogInformation("Conversation {ConversationId} of integration {IntegrationId} is now answered by {Mode} ({ChangedBy})",
                change.ConversationId, change.IntegrationId, change.Mode, change.ChangedBy);
        }

        return HandlerResult.Success;
    }

    /// <summary>A conversation with no message yet: its contact is known only by address until the first message names them.</summary>
    private static ConversationRecord NotYetWritten(ConversationModeChanged change) => new(
        change.ConversationId, change.TenantId, change.IntegrationId, change.Platform, change.ChannelAddress,
        ConversationIds.Contact(change.IntegrationId, change.ChannelAddress), new ContactRef(change.ChannelAddress),
        ConversationMode.Bot, change.OccurredAt, DateTimeOffset.MinValue, 0);
}
