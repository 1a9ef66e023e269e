using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace DaprChannels.TestSupport.Dapr;

/// <summary>One delivery attempt of an event to the app, and what the app answered.</summary>
/// <param name="Status">The app's <c>status</c> (SUCCESS, RETRY, DROP), or <c>HTTP {code}</c> when it answered none.</param>
public sealed record StubDelivery(string Topic, string Route, string? EventId, int Attempt, string Status);

/// <summary>
/// The stub sidecar's subscriber side, as daprd's programmatic subscriptions work over HTTP: it reads the app's
/// <c>GET /dapr/subscribe</c> once, then POSTs every accepted event whose pubsub and topic a subscription names to
/// that subscription's route as <c>application/cloudevents+json</c> (with <c>dapr-api-token</c> when the app has
/// one). SUCCESS ends the delivery; RETRY, or an answer without a status other than 404, is retried up to
/// <see cref="MaxAttempts"/>; DROP, or retries used up, sends the event to the subscription's
/// <c>deadLetterTopic</c> when it names one (and discards it otherwise); 404 discards it, as daprd does.
/// Off until <see cref="AppAddress"/> is set.
/// </summary>
public sealed class DaprSidecarStubDelivery : IAsyncDisposable
{
    private readonly DaprSidecarStub _sidecar;
    private readonly Channel<PublishedCloudEvent> _queue = Channel.CreateUnbounded<PublishedCloudEvent>();
    private readonly ConcurrentQueue<StubDelivery> _deliveries = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private Task? _loop;
    private IReadOnlyList<JsonElement>? _subscriptions;
    private int _pending;

    internal DaprSidecarStubDelivery(DaprSidecarStub sidecar) => _sidecar = sidecar;

    /// <summary>The app's base address (what daprd's <c>--app-port</c> names); setting it starts delivering.</summary>
    public Uri? AppAddress { get; set; }

    /// <summary>Sent as <c>dapr-api-token</c> on every call to the app (daprd's <c>APP_API_TOKEN</c>).</summary>
    public string? AppApiToken { get; set; }

    public int MaxAttempts { get; set; } = 3;

    public IReadOnlyList<StubDelivery> Deliveries => _deliveries.ToArray();

    /// <summary>The subscriptions read from the app, or null before the first delivery.</summary>
    public IReadOnlyList<JsonElement>? Subscriptions => _subscriptions;

    /// <summary>Waits until every accepted event has been delivered, dead-lettered or discarded.</summary>
    public async Task WaitUntilIdleAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Volatile.Read(ref _pending) > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{_pending} events were still being delivered after {timeout}.");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _http.Dispose();
        _stopping.Dispose();
    }

    internal void Enqueue(PublishedCloudEvent published)
    {
        if (AppAddress is null)
        {
            return;
        }

        Interlocked.Increment(ref _pending);
        _loop ??= Task.Run(RunAsync);
        _queue.Writer.TryWrite(published);
    }

    private async Task RunAsync()
    {
        await foreach (var published in _queue.Reader.ReadAllAsync(_stopping.Token))
        {
            try
            {
                await DeliverAsync(published);
            }
            catch (Exception) when (!_stopping.IsCancellationRequested)
            {
                // An app that cannot be reached loses the event here, as daprd's retries would end up doing.
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    private async Task DeliverAsync(PublishedCloudEvent published)
    {
        _subscriptions ??= await ReadSubscriptionsAsync();
        foreach (var subscription in _subscriptions.Where(s => Text(s, "pubsubname") == published.PubSub && Text(s, "topic") == published.Topic))
        {
            var route = RouteOf(subscription);
            var verdict = "RETRY";
            for (var attempt = 1; attempt <= MaxAttempts && verdict == "RETRY"; attempt++)
            {
                verdict = await PostAsync(published, route, attempt);
            }

            if (verdict is "DROP" or "RETRY" && Text(subscription, "deadLetterTopic") is { Length: > 0 } deadLetterTopic)
            {
                var moved = JsonNode.Parse(published.CloudEvent.GetRawText())!.AsObject();
                moved["topic"] = deadLetterTopic;
                _sidecar.Accept(new PublishedCloudEvent(published.PubSub, deadLetterTopic, JsonSerializer.SerializeToElement(moved)));
            }
        }
    }

    private async Task<string> PostAsync(PublishedCloudEvent published, string route, int attempt)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(AppAddress!, route.TrimStart('/')))
        {
            Content = new StringContent(published.CloudEvent.GetRawText(), Encoding.UTF8, "application/cloudevents+json"),
        };
        if (AppApiToken is not null)
        {
            request.Headers.Add("dapr-api-token", AppApiToken);
        }

        using var response = await _http.SendAsync(request, _stopping.Token);
        string status;
        if ((int)response.StatusCode == 404)
        {
            status = "DROPPED_NOT_FOUND";
        }
        else if (!response.IsSuccessStatusCode)
        {
            status = "RETRY";
        }
        else
        {
            var body = await response.Content.ReadAsStringAsync(_stopping.Token);
            status = TryReadStatus(body) ?? "SUCCESS";
        }

        _deliveries.Enqueue(new StubDelivery(published.Topic, route, published.Id, attempt,
            response.IsSuccessStatusCode ? status : $"HTTP {(int)response.StatusCode}"));
        return status;
    }

    private async Task<IReadOnlyList<JsonElement>> ReadSubscriptionsAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(AppAddress!, "dapr/subscribe"));
        if (AppApiToken is not null)
        {
            request.Headers.Add("dapr-api-token", AppApiToken);
        }

        using var response = await _http.SendAsync(request, _stopping.Token);
        response.EnsureSuccessStatusCode();
        var subscriptions = await response.Content.ReadFromJsonAsync<JsonElement>(_stopping.Token);
        return subscriptions.ValueKind == JsonValueKind.Array ? subscriptions.EnumerateArray().Select(s => s.Clone()).ToList() : [];
    }

    /// <summary><c>route</c>, or the <c>routes.default</c> of the declarative-style rules form.</summary>
    private static string RouteOf(JsonElement subscription) =>
        Text(subscription, "route")
        ?? (subscription.TryGetProperty("routes", out var routes) && routes.ValueKind == JsonValueKind.Object ? Text(routes, "default") : null)
        ?? "/" + Text(subscription, "topic");

    private static string? TryReadStatus(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("status", out var s)
                ? s.GetString()?.ToUpperInvariant()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
