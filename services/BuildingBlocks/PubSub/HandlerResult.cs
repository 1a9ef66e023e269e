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

/// <summary>
/// A handler's verdict as the building blocks settle it: for a drop, also why, in words that are safe
/// to keep beside the dead letter and to show the operator (an exception type and our own message,
/// never the event's data or a credential).
/// </summary>
public readonly record struct HandlerOutcome(HandlerResult Result, string? Reason = null)
{
    private const int MaxReasonLength = 500;

    public static implicit operator HandlerOutcome(HandlerResult result) => new(result);

    public static HandlerOutcome Drop(string reason) => new(HandlerResult.Drop, Clean(reason));

    /// <summary>
    /// "FormatException: Delivery … could not be parsed: …" — the type of what caused the drop (the
    /// poison exception's cause when it names one) and the poison exception's own message. The cause's
    /// message is left out: it may quote the data.
    /// </summary>
    public static HandlerOutcome Drop(PoisonEventException poison) =>
        Drop($"{(poison.InnerException ?? poison).GetType().Name}: {poison.Message}");

    /// <summary>One line, bounded: a reason is stored with every dead letter and written to logs.</summary>
    private static string Clean(string reason)
    {
        var line = string.Create(reason.Length, reason, static (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                span[i] = char.IsControl(text[i]) ? ' ' : text[i];
            }
        });
        return line.Length <= MaxReasonLength ? line : line[..(MaxReasonLength - 1)] + "…";
    }
}

/// <summary>Where and how often an event arrived.</summary>
/// <param name="Type">The envelope's event type, where the transport carries one (a CloudEvent's <c>type</c>).</param>
/// <param name="Time">When the event was published, where the transport says (a CloudEvent's <c>time</c>).</param>
public sealed record EventContext(
    string EventId,
    string Topic,
    int Attempt,
    string? TraceParent,
    string? TraceState,
    string? Type = null,
    DateTimeOffset? Time = null);
