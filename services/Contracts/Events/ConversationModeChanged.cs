using DaprChannels.Contracts.Integrations;

namespace DaprChannels.Contracts.Events;

/// <summary>
/// A person took a conversation over (<see cref="ConversationMode.Human"/>) or handed it back to the bot. Raised by
/// a person's action (the hand-off API); the Normalizer, which owns the conversation, applies it, and the mode
/// then rides on every later <see cref="InboundMessageReceived"/>. Applied in the order of <see cref="OccurredAt"/>,
/// so an older change arriving late does not undo a newer one. A person may take a conversation over before its
/// contact has written (an agent expecting a reply): it names the platform and the contact's address for that.
/// </summary>
/// <param name="ChangedBy">Who made the change (an admin principal's name or key id), for the record.</param>
public sealed record ConversationModeChanged(
    string Id,
    DateTimeOffset OccurredAt,
    string TenantId,
    string IntegrationId,
    string Platform,
    string ConversationId,
    string ChannelAddress,
    ConversationMode Mode,
    string ChangedBy) : IIntegrationEvent
{
    public const string Topic = Topics.ConversationMode;
}
