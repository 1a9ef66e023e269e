namespace DaprChannels.Contracts.Events;

/// <summary>
/// A reply for a website-chat visitor, rendered for the widget, handed by the Dispatcher to Ingress, which keeps
/// the visitor's mailbox and streams it to the visitor's page. Its id is stable per outbound message, and the
/// mailbox keeps one reply per <see cref="OutboundId"/>, so a redelivery shows once.
/// </summary>
public sealed record WidgetReplyRequested(
    string Id,
    DateTimeOffset OccurredAt,
    string TenantId,
    string IntegrationId,
    string VisitorId,
    string OutboundId,
    MessageContent Content) : IIntegrationEvent
{
    public const string Topic = Topics.WidgetReply;
}
