namespace DaprChannels.Contracts.Events;

/// <summary>An event on a topic. <see cref="Id"/> is stable across redeliveries, so consumers dedupe on it.</summary>
public interface IIntegrationEvent
{
    string Id { get; }

    DateTimeOffset OccurredAt { get; }

    /// <summary>
    /// What the event is about, as CloudEvents' <c>subject</c> (for a message, its platform), so that a consumer
    /// interested in some subjects only can be spared the rest; null when the event has no such subject. Not part
    /// of the event's data.
    /// </summary>
    string? Subject => null;
}
