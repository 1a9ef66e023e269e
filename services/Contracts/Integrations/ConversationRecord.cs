using DaprChannels.Contracts.Messages;

namespace DaprChannels.Contracts.Integrations;

public enum ConversationMode
{
    Bot,
    Human,
}

/// <summary>A conversation between one contact and one integration, written by the Normalizer.</summary>
public sealed record ConversationRecord(
    string Id,
    string TenantId,
    string IntegrationId,
    string Platform,
    string ChannelAddress,
    string ContactId,
    ContactRef Contact,
    ConversationMode Mode,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastInboundAt,
    int MessageCount);

/// <summary>A reply kept for a website-chat visitor until the visitor's page picks it up.</summary>
public sealed record WidgetReply(long Sequence, string OutboundId, MessageContent Content, DateTimeOffset SentAt);

/// <summary>The replies waiting for one widget visitor (newest last, bounded).</summary>
public sealed record WidgetMailbox(long LastSequence, IReadOnlyList<WidgetReply> Replies)
{
    public static readonly WidgetMailbox Empty = new(0, []);
}
