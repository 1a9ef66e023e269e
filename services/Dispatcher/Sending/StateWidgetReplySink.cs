using DaprChannels.BuildingBlocks.State;
using DaprChannels.Channels.Abstractions;
using DaprChannels.Channels.Widget;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Integrations;
using DaprChannels.Contracts.Messages;
using Microsoft.Extensions.Options;

namespace DaprChannels.Dispatcher.Sending;

/// <summary>
/// Delivers widget replies into the visitor's mailbox in the state store, where whichever Ingress
/// replica holds the visitor's stream picks them up. Appending the same outbound id twice keeps one.
/// </summary>
public sealed class StateWidgetReplySink(IStateStore state, TimeProvider clock, IOptions<DispatcherOptions> options) : IWidgetReplySink
{
    public async Task<long> DeliverAsync(ChannelIntegration integration, string visitorId, string outboundId, MessageContent content, CancellationToken ct)
    {
        long sequence = 0;
        await state.UpdateAsync<WidgetMailbox>(
            StateKeys.WidgetMailbox(integration.Id, visitorId),
            mailbox =>
            {
                mailbox ??= WidgetMailbox.Empty;
                if (mailbox.Replies.FirstOrDefault(r => r.OutboundId == outboundId) is { } existing)
                {
                    sequence = existing.Sequence;
                    return null;
                }

                sequence = mailbox.LastSequence + 1;
                var replies = mailbox.Replies
                    .Append(new WidgetReply(sequence, outboundId, content, clock.GetUtcNow()))
                    .TakeLast(options.Value.WidgetMailboxSize)
                    .ToList();
                return new WidgetMailbox(sequence, replies);
            },
            options.Value.WidgetMailboxRetention,
            cancellationToken: ct);
        return sequence;
    }
}
