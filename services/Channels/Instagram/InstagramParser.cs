using DaprChannels.Contracts.Messages;
using DaprChannels.Channels.Meta.Messaging;

namespace DaprChannels.Channels.Instagram;

/// <summary>
/// Instagram webhooks (object "instagram") share Messenger's envelope and events; the differences
/// (read receipts naming a mid, story replies and mentions, unsent messages) are handled by
/// <see cref="MessengerParser"/> and documented there.
/// </summary>
public static class InstagramParser
{
    public static ParsedDelivery Parse(ReadOnlySpan<byte> body, string instagramAccountId, DateTimeOffset receivedAt) =>
        MessengerParser.Parse(body, instagramAccountId, receivedAt, MessagingDialect.Instagram);
}
