using System.Net.Http.Headers;

namespace DaprChannels.TestSupport.Dapr;

/// <summary>One delivery the stub made to the app, and how the app answered it.</summary>
/// <param name="Status">SUCCESS, RETRY or DROP as the app said; the HTTP status code when it answered no status.</param>
public sealed record StubDelivery(string Topic, string? EventId, string Route, int Attempt, string Status);

/// <summary>A subscription as the stub read it from the app's <c>GET /dapr/subscribe</c>.</summary>
public sealed record StubSubscription(string PubSub, string Topic, string Route, string? DeadLetterTopic);

/// <summary>
/// daprd's side of pub/sub towards the app, as shared/dapr-http-api.md §2.3–2.7 describes it: reads the
/// app's programmatic subscriptions once (v1 <c>route</c> or v2 <c>routes.default</c>; field names matched
/// as Go's JSON decoder does, without regard to case), and posts every message accepted for a subscribed
/// topic to its route as <c>application/cloudevents+json</c> with the app API token, in the background.
/// SUCCESS (or a 2xx without a status) acknowledges; RETRY, another status string or a non-2xx answer is
/// retried up to <see cref="MaxAttempts"/> times; DROP, or running out of attempts, publishes the message to
/// the subscription's dead-letter topic when it has one, where subscribers of that topic get it in turn;
/// 404 drops it without a dead letter.
/// </summary>
public sealed class DaprAppChannel : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly string? _appApiToken;
    private readonly Action<PublishedCloudEvent> _publish;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<StubDelivery> _deliveries = new();
    private readonly List<Task> _running = [];
    private readonly Lock _runningLock = new();

    private DaprAppChannel(HttpClient http, string? appApiToken, IReadOnlyList<StubSubscription> subscriptions, Action<PublishedCloudEvent> publish)
    {
        _http = http;
        _appApiToken = appApiToken;
        Subscriptions = subscriptions;
        _publish = publish;
    }

    public IReadOnlyList<StubSubscription> Subscriptions { get; }

    public IReadOnlyList<StubDelivery> Deliveries => _deliveries.ToArray();

    /// <summary>Deliveries of one message, its first included, before it counts as failed (the inbound retry policy).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <param name="publish">How a dead letter is published: as any other message the stub accepts.</param>
    internal static async Task<DaprAppChannel> ConnectAsync(Uri app, string? appApiToken, Action<PublishedCloudEvent> publish)
    {
        var http = new HttpClient { BaseAddress = app, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "dapr/subscribe");
        if (appApiToken is not null)
        {
            request.Headers.Add("dapr-api-token", appApiToken);
        }

        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var subscriptions = ReadSubscriptions(await response.Content.ReadAsStringAsync());
        return new DaprAppChannel(http, appApiToken, subscriptions, publish);
    }

    /// <summary>Delivers <paramref name="message"/> to every subscription of its topic, without waiting.</summary>
    internal void Deliver(PublishedCloudEvent message)
    {
        foreach (var subscription in Subscriptions.Where(s => s.PubSub == message.PubSub && s.Topic == message.Topic))
        {
            lock (_runningLock)
            {
                _running.RemoveAll(t => t.IsCompleted);
                _running.Add(Task.Run(() => DeliverAsync(subscription, message)));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Task[] running;
        lock (_runningLock)
        {
            running = [.. _running];
        }

        await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        _http.Dispose();
        _stopping.Dispose();
    }

    private async Task DeliverAsync(StubSubscription subscription, PublishedCloudEvent message)
    {
        for (var attempt = 1; attempt <= MaxAttempts && !_stopping.IsCancellationRequested; attempt++)
        {
            string status;
            try
            {
                status = await PostAsync(subscription, message);
            }
            catch (Exception) when (!_stopping.IsCancellationRequested)
            {
                status = "UNREACHABLE";
            }
            catch (Exception)
            {
                return;
            }

            _deliveries.Enqueue(new StubDelivery(subscription.Topic, message.Id, subscription.Route, attempt, status));
            switch (status)
            {
                case "SUCCESS":
                case "404":
                    return;
                case "DROP":
                    DeadLetter(subscription, message);
                    return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt));
        }

        if (!_stopping.IsCancellationRequested)
        {
            DeadLetter(subscription, message);
        }
    }

    private async Task<string> PostAsync(StubSubscription subscription, PublishedCloudEvent message)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Route.TrimStart('/'))
        {
            Content = new StringContent(message.CloudEvent.GetRawText(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json");
        request.Headers.Add("pubsubname", message.PubSub);
        if (_appApiToken is not null)
        {
            request.Headers.Add("dapr-api-token", _appApiToken);
        }

        using var response = await _http.SendAsync(request, _stopping.Token);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return "404";
        }

        if (!response.IsSuccessStatusCode)
        {
            return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var body = await response.Content.ReadAsStringAsync(_stopping.Token);
        try
        {
            // A 2xx without a JSON status is an acknowledgement.
            return JsonNode.Parse(body) is JsonObject answer && answer["status"] is JsonValue value && value.TryGetValue<string>(out var s)
                ? s
                : "SUCCESS";
        }
        catch (JsonException)
        {
            return "SUCCESS";
        }
    }

    /// <summary>daprd republishes the original envelope on the dead-letter topic, which sets its <c>topic</c> anew.</summary>
    private void DeadLetter(StubSubscription subscription, PublishedCloudEvent message)
    {
        if (subscription.DeadLetterTopic is not { } deadLetterTopic)
        {
            return;
        }

        var envelope = JsonNode.Parse(message.CloudEvent.GetRawText())!.AsObject();
        envelope["topic"] = deadLetterTopic;
        _publish(new PublishedCloudEvent(message.PubSub, deadLetterTopic, JsonSerializer.SerializeToElement(envelope)));
    }

    private static List<StubSubscription> ReadSubscriptions(string json)
    {
        var result = new List<StubSubscription>();
        foreach (var entry in JsonDocument.Parse(json).RootElement.EnumerateArray())
        {
            var pubsub = Field(entry, "pubsubname");
            var topic = Field(entry, "topic");
            var route = Property(entry, "routes") is { ValueKind: JsonValueKind.Object } routes ? Field(routes, "default") : null;
            route ??= Field(entry, "route");
            if (pubsub is null || topic is null || route is null)
            {
                throw new InvalidOperationException($"daprd would refuse this subscription: {entry.GetRawText()}");
            }

            result.Add(new StubSubscription(pubsub, topic, route, Field(entry, "deadLetterTopic")));
        }

        return result;
    }

    private static string? Field(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
