using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>
/// The CloudEvent delivery routes. Deliveries always answer 200 with a
/// status: daprd retries any non-2xx forever (400, 415) and silently drops on 404, so a malformed event
/// is answered <c>DROP</c>, which sends it to the dead-letter topic.
/// </summary>
internal static class DaprSubscriptionEndpoints
{
    private const string StatusSuccess = "SUCCESS";
    private const string StatusRetry = "RETRY";
    private const string StatusDrop = "DROP";

    public static async Task<IResult> DeliverAsync(HttpContext context, IReadOnlyList<Subscription> subscriptions)
    {
        var topic = subscriptions[0].Topic;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("DaprChannels.PubSub");

        // Read by hand, never model-bound: the content type is application/cloudevents+json, which
        // [FromBody] refuses with 415, and the envelope's shape is Dapr's, not the event's.
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        }
        catch (JsonException)
        {
            logger.LogWarning("Dropping a delivery on {Topic}: the body is not JSON", topic);
            return Status(StatusDrop);
        }

        using (document)
        {
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("entries", out var entries)
                && entries.ValueKind == JsonValueKind.Array)
            {
                return await DeliverBulkAsync(context, subscriptions, entries, logger);
            }

            if (!TryReadCloudEvent(document.RootElement, context.Request.Headers, topic, out var data, out var eventContext, out var problem))
            {
                logger.LogWarning("Dropping a delivery on {Topic}: {Problem}", topic, problem);
                return Status(StatusDrop);
            }

            return Status(ToStatus(await InvokeAllAsync(context, subscriptions, data, eventContext)));
        }
    }

    /// <summary>
    /// A bulk-subscribe batch: one status per entry. Unlike single delivery, daprd retries an entry whose
    /// status is missing, so every entry gets one, malformed ones <c>DROP</c>.
    /// </summary>
    private static async Task<IResult> DeliverBulkAsync(HttpContext context, IReadOnlyList<Subscription> subscriptions, JsonElement entries, ILogger logger)
    {
        var topic = subscriptions[0].Topic;
        var statuses = new List<DaprBulkEntryStatus>();
        foreach (var entry in entries.EnumerateArray())
        {
            var entryId = entry.ValueKind == JsonValueKind.Object ? StringField(entry, "entryId") : null;
            if (entryId is null)
            {
                continue;
            }

            var status = StatusDrop;
            string? problem = "it carries no event";
            if (entry.TryGetProperty("event", out var @event)
                && TryReadBulkEntry(@event, StringField(entry, "contentType"), entryId, context.Request.Headers, topic, out var data, out var eventContext, out problem))
            {
                status = ToStatus(await InvokeAllAsync(context, subscriptions, data, eventContext));
            }
            else
            {
                logger.LogWarning("Dropping bulk entry {EntryId} on {Topic}: {Problem}", entryId, topic, problem);
            }

            statuses.Add(new DaprBulkEntryStatus(entryId, status));
        }

        return Results.Json(new DaprBulkResponse(statuses));
    }

    /// <summary>An entry holds a CloudEvent, or (raw payloads, plain JSON) the event itself under the entry's id.</summary>
    private static bool TryReadBulkEntry(
        JsonElement @event,
        string? contentType,
        string entryId,
        IHeaderDictionary headers,
        string topic,
        out ReadOnlyMemory<byte> data,
        out EventContext eventContext,
        out string? problem)
    {
        if (contentType is null || contentType.StartsWith("application/cloudevents+json", StringComparison.OrdinalIgnoreCase))
        {
            var ok = TryReadCloudEvent(@event, headers, topic, out data, out eventContext, out var cloudEventProblem);
            problem = cloudEventProblem;
            return ok;
        }

        data = @event.ValueKind == JsonValueKind.String
            ? Encoding.UTF8.GetBytes(@event.GetString()!)
            : Encoding.UTF8.GetBytes(@event.GetRawText());
        eventContext = new EventContext(entryId, topic, 1, HeaderValue(headers, "traceparent"), HeaderValue(headers, "tracestate"));
        problem = null;
        return true;
    }

    /// <remarks>
    /// daprd keeps no reason beside what it moves to the dead-letter topic (the answer is a bare
    /// <c>DROP</c>), so a drop's reason is logged, by <see cref="Subscription.InvokeAsync"/>, with the event
    /// id the dead letter is recorded under.
    /// </remarks>
    private static async Task<HandlerResult> InvokeAllAsync(
        HttpContext context, IReadOnlyList<Subscription> subscriptions, ReadOnlyMemory<byte> data, EventContext eventContext)
    {
        var verdict = HandlerResult.Success;
        foreach (var subscription in subscriptions)
        {
            var outcome = await subscription.InvokeAsync(context.RequestServices, data, eventContext, context.RequestAborted);
            verdict = Worst(verdict, outcome.Result);
        }

        return verdict;
    }

    private static string ToStatus(HandlerResult result) => result switch
    {
        HandlerResult.Success => StatusSuccess,
        HandlerResult.Drop => StatusDrop,
        _ => StatusRetry,
    };

    /// <summary>
    /// Takes the event out of a CloudEvent as daprd delivers it: <c>data</c> as a JSON value, or a JSON string
    /// holding the JSON (a publisher that sent text), or <c>data_base64</c> (raw-payload subscriptions).
    /// </summary>
    internal static bool TryReadCloudEvent(
        JsonElement cloudEvent,
        IHeaderDictionary headers,
        string subscribedTopic,
        out ReadOnlyMemory<byte> data,
        out EventContext eventContext,
        out string problem)
    {
        data = default;
        eventContext = null!;
        if (cloudEvent.ValueKind != JsonValueKind.Object)
        {
            problem = "the body is not a JSON object";
            return false;
        }

        var id = StringField(cloudEvent, "id");
        if (string.IsNullOrEmpty(id))
        {
            problem = "the CloudEvent has no id";
            return false;
        }

        if (cloudEvent.TryGetProperty("data_base64", out var base64) && base64.ValueKind == JsonValueKind.String)
        {
            try
            {
                data = Convert.FromBase64String(base64.GetString()!);
            }
            catch (FormatException)
            {
                problem = "data_base64 is not base64";
                return false;
            }
        }
        else if (cloudEvent.TryGetProperty("data", out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        {
            data = value.ValueKind == JsonValueKind.String
                ? Encoding.UTF8.GetBytes(value.GetString()!)
                : Encoding.UTF8.GetBytes(value.GetRawText());
        }
        else
        {
            problem = "the CloudEvent carries no data";
            return false;
        }

        var traceParent = StringField(cloudEvent, "traceparent") ?? HeaderValue(headers, "traceparent");
        var traceState = StringField(cloudEvent, "tracestate") ?? HeaderValue(headers, "tracestate");
        // The subscribed topic, not the envelope's "topic": an event daprd moved to a dead-letter topic may
        // still name the topic it failed on, and the subscriber must know where it arrived.
        var topic = subscribedTopic;
        var time = StringField(cloudEvent, "time") is { } text
                   && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
            ? parsed
            : (DateTimeOffset?)null;
        // daprd does not tell the app how often it tried; redeliveries are told apart by the event id.
        eventContext = new EventContext(id, topic, 1, traceParent, traceState, StringField(cloudEvent, "type"), time);
        problem = "";
        return true;
    }

    private static HandlerResult Worst(HandlerResult a, HandlerResult b) =>
        a == HandlerResult.Retry || b == HandlerResult.Retry ? HandlerResult.Retry
        : a == HandlerResult.Drop || b == HandlerResult.Drop ? HandlerResult.Drop
        : HandlerResult.Success;

    private static string? StringField(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;

    private static string? HeaderValue(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    private static IResult Status(string status) =>
        Results.Text($$"""{"status":"{{status}}"}""", "application/json", Encoding.UTF8, StatusCodes.Status200OK);
}

internal sealed record DaprBulkEntryStatus(
    [property: JsonPropertyName("entryId")] string EntryId,
    [property: JsonPropertyName("status")] string Status);

internal sealed record DaprBulkResponse([property: JsonPropertyName("statuses")] IReadOnlyList<DaprBulkEntryStatus> Statuses);
