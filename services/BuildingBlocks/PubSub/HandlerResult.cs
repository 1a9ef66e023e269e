namespace DaprChannels.BuildingBlocks.PubSub;

/// <summary>A handler's verdict on one event, with the meaning Dapr gives the same words.</summary>
public enum HandlerResult
{
    /// <summary>Done; acknowledge.</summary>
    Success,

    /// <summary>Transient failure; back off and redeliver.</summary>
    Retry,

    /// <summary>Poison; never redeliver, send to the dead-letter topic and record it.</summary>
    Drop,
}

/// <summary>Where and how often an event arrived.</summary>
public sealed record EventContext(string EventId, string Topic, int Attempt, string? TraceParent, string? TraceState);
