using DaprChannels.Contracts.Messages;

namespace DaprChannels.Ingress.Widget;

/// <summary>A reply kept for a website-chat visitor until the visitor's page picks it up.</summary>
public sealed record WidgetReply(long Sequence, string OutboundId, MessageContent Content, DateTimeOffset SentAt);

/// <summary>The replies waiting for one widget visitor (newest last, bounded).</summary>
public sealed record WidgetMailbox(long LastSequence, IReadOnlyList<WidgetReply> Replies)
{
    public static readonly WidgetMailbox Empty = new(0, []);

    /// <summary>
    /// The mailbox with the reply appended under the next sequence number, keeping the newest
    /// <paramref name="size"/>; null when the outbound id is already in it (a redelivery).
    /// </summary>
    public WidgetMailbox? Append(string outboundId, MessageContent content, DateTimeOffset sentAt, int size)
    {
        if (Replies.Any(r => r.OutboundId == outboundId))
        {
            return null;
        }

        var sequence = LastSequence + 1;
        return new WidgetMailbox(sequence, Replies.Append(new WidgetReply(sequence, outboundId, content, sentAt)).TakeLast(size).ToList());
    }
}
