namespace DaprChannels.Contracts.Events;

/// <summary>An event on a topic. <see cref="Id"/> is stable across redeliveries, so consumers dedupe on it.</summary>
public interface IIntegrationEvent
{
    string Id { get; }

    DateTimeOffset OccurredAt { get; }
}
