using System.Diagnostics;

namespace DaprChannels.BuildingBlocks.PubSub;

/// <summary>An event on the wire: its JSON data plus what travels beside it (id, type, subject, W3C trace context).</summary>
public sealed record EventEnvelope(
    string Id,
    string Topic,
    string Type,
    DateTimeOffset Time,
    byte[] Data,
    string? TraceParent,
    string? TraceState,
    string? Subject = null)
{
    public static EventEnvelope Create<TEvent>(string topic, TEvent @event)
        where TEvent : IIntegrationEvent
    {
        var activity = Activity.Current;
        return new EventEnvelope(
            @event.Id,
            topic,
            typeof(TEvent).Name,
            @event.OccurredAt,
            JsonSerializer.SerializeToUtf8Bytes(@event, EventJson.Options),
            activity?.Id is { } id && activity.IdFormat == ActivityIdFormat.W3C ? id : null,
            activity?.TraceStateString,
            @event.Subject);
    }
}
