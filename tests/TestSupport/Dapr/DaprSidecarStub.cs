using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DaprChannels.TestSupport.Dapr;

/// <summary>One request as the stub sidecar received it.</summary>
public sealed record RecordedDaprRequest(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public JsonElement BodyJson => JsonDocument.Parse(Body).RootElement.Clone();

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>A message the stub accepted for a topic: the CloudEvent as a subscriber would receive it.</summary>
public sealed record PublishedCloudEvent(string PubSub, string Topic, JsonElement CloudEvent)
{
    public string? Id => CloudEvent.TryGetProperty("id", out var id) ? id.GetString() : null;

    public JsonElement Data => CloudEvent.GetProperty("data");
}

/// <summary>
/// A stand-in for daprd on 127.0.0.1 (random port) implementing the documented sidecar HTTP API in memory
/// (shared/dapr-http-api.md): publish and bulk publish, state with Redis-like semantics (integer ETags, 409 on
/// a save/delete mismatch, 500 ERR_STATE_SAVE for first-write on an existing key, 500 ERR_STATE_TRANSACTION,
/// TTL), secrets, metadata and health. Every request is recorded for assertions.
/// </summary>
public sealed class DaprSidecarStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedDaprRequest> _requests = new();
    private readonly ConcurrentQueue<PublishedCloudEvent> _published = new();
    private readonly Dictionary<(string Store, string Key), StoredState> _state = new();
    private readonly Lock _stateLock = new();
    private int _failNext;
    private int _failStatus = 500;
    private TimeSpan _clockOffset;

    private DaprSidecarStub(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>When set, every call except the health probes must carry it in <c>dapr-api-token</c> (else 401).</summary>
    public string? ApiToken { get; set; }

    public string AppId { get; set; } = "stub-app";

    public bool Healthy { get; set; } = true;

    public HashSet<string> PubSubNames { get; } = ["pubsub"];

    public HashSet<string> StateStoreNames { get; } = ["statestore"];

    public HashSet<string> SecretStoreNames { get; } = ["secretstore"];

    /// <summary>Secret name → key/value map, served by <c>GET /v1.0/secrets/{store}/{name}</c>.</summary>
    public ConcurrentDictionary<string, Dictionary<string, string>> Secrets { get; } = new();

    /// <summary>
    /// Decides per CloudEvent (single or bulk entry) whether the broker refuses it. Single publishes then answer
    /// 500 ERR_PUBSUB_PUBLISH_MESSAGE; bulk entries are listed in <c>failedEntries</c>.
    /// </summary>
    public Func<JsonElement, bool>? RejectPublish { get; set; }

    public IReadOnlyList<RecordedDaprRequest> Requests => _requests.ToArray();

    public IReadOnlyList<PublishedCloudEvent> Published => _published.ToArray();

    /// <summary>The app this sidecar delivers to, once <see cref="ConnectAppAsync"/> was called; until then nothing is delivered.</summary>
    public DaprAppChannel? App { get; private set; }

    /// <summary>
    /// Reads the app's subscriptions, as daprd does once the app listens, and from then on delivers what is
    /// published to its subscribed topics, dead letters included.
    /// </summary>
    public async Task<DaprAppChannel> ConnectAppAsync(Uri app, string? appApiToken = null)
    {
        App = await DaprAppChannel.ConnectAsync(app, appApiToken, Accept);
        return App;
    }

    public static async Task<DaprSidecarStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var stub = new DaprSidecarStub(app);
        app.Run(stub.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return stub;
    }

    /// <summary>The next <paramref name="count"/> calls (health probes included) fail with <paramref name="status"/>.</summary>
    public void FailNext(int count, int status = 500)
    {
        _failStatus = status;
        Interlocked.Exchange(ref _failNext, count);
    }

    /// <summary>Moves the stub's clock forward, so TTLs expire without waiting.</summary>
    public void AdvanceClock(TimeSpan by)
    {
        lock (_stateLock)
        {
            _clockOffset += by;
        }
    }

    public IReadOnlyList<RecordedDaprRequest> RequestsTo(string method, string pathPrefix) =>
        Requests.Where(r => r.Method == method && r.Path.StartsWith(pathPrefix, StringComparison.Ordinal)).ToList();

    public void ClearRecords()
    {
        _requests.Clear();
        _published.Clear();
    }

    /// <summary>Seeds or overwrites a key as if another writer had saved it; returns the new ETag.</summary>
    public string SetState(string key, string json, string store = "statestore")
    {
        lock (_stateLock)
        {
            var version = _state.TryGetValue((store, key), out var existing) && !IsExpired(existing) ? existing.Version + 1 : 1;
            _state[(store, key)] = new StoredState(json, version, null);
            return version.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The stored JSON text and ETag of a key, or null when absent or expired.</summary>
    public (string Json, string ETag)? GetState(string key, string store = "statestore")
    {
        lock (_stateLock)
        {
            return _state.TryGetValue((store, key), out var s) && !IsExpired(s)
                ? (s.Json, s.Version.ToString(CultureInfo.InvariantCulture))
                : null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private DateTimeOffset Now => DateTimeOffset.UtcNow + _clockOffset;

    private bool IsExpired(StoredState state) => state.ExpiresAt is { } at && at <= Now;

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var recorded = new RecordedDaprRequest(
            request.Method,
            request.Path.Value ?? "",
            request.QueryString.Value ?? "",
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray());
        _requests.Enqueue(recorded);

        var path = recorded.Path;
        var isHealth = path is "/v1.0/healthz" or "/v1.0/healthz/outbound";
        if (!isHealth && ApiToken is not null && recorded.Header("dapr-api-token") != ApiToken)
        {
            await Error(context, 401, "ERR_API_TOKEN", "invalid api token");
            return;
        }

        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            await Error(context, _failStatus, "ERR_STUB_FAILURE", "failure injected by the test");
            return;
        }

        Interlocked.Exchange(ref _failNext, 0);
        // daprd routes on the path as sent and does not unescape a state key taken from it: a key sent as
        // "a%2Bb" is the key "a%2Bb", not "a+b".
        var rawTarget = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? path;
        var rawPath = rawTarget.Split('?', 2)[0];
        var segments = rawPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        try
        {
            await RouteAsync(context, recorded, segments, isHealth);
        }
        catch (JsonException)
        {
            await Error(context, 400, "ERR_MALFORMED_REQUEST", "malformed JSON");
        }
    }

    private Task RouteAsync(HttpContext context, RecordedDaprRequest r, string[] s, bool isHealth)
    {
        return (r.Method, s) switch
        {
            _ when isHealth => Respond(context, Healthy ? 204 : 500),
            ("GET", ["v1.0", "metadata"]) => Metadata(context),
            ("POST", ["v1.0", "publish", var pubsub, var topic]) => Publish(context, r, pubsub, topic),
            ("POST", ["v1.0-alpha1", "publish", "bulk", var pubsub, var topic]) => BulkPublish(context, r, pubsub, topic),
            ("POST", ["v1.0", "state", var store, "bulk"]) => WithStateStore(context, store, () => BulkGet(context, r, store)),
            ("POST", ["v1.0", "state", var store, "transaction"]) => WithStateStore(context, store, () => Transaction(context, r, store)),
            ("POST", ["v1.0", "state", var store]) => WithStateStore(context, store, () => Save(context, r, store)),
            ("GET", ["v1.0", "state", var store, var key]) => WithStateStore(context, store, () => Get(context, store, key)),
            ("DELETE", ["v1.0", "state", var store, var key]) => WithStateStore(context, store, () => Delete(context, r, store, key)),
            ("GET", ["v1.0", "secrets", var store, var name]) => Secret(context, store, name),
            _ => Error(context, 404, "ERR_NOT_FOUND", "no such route in the stub"),
        };
    }

    // ---- pub/sub ----

    private Task Publish(HttpContext context, RecordedDaprRequest r, string pubsub, string topic)
    {
        if (!PubSubNames.Contains(pubsub))
        {
            return Error(context, 404, "ERR_PUBSUB_NOT_FOUND", "pubsub not found");
        }

        var contentType = r.Header("Content-Type") ?? "text/plain";
        var cloudEvent = ToCloudEvent(r.Body, contentType, pubsub, topic);
        if (cloudEvent is null)
        {
            return Error(context, 400, "ERR_PUBSUB_CLOUD_EVENTS_SER", "the CloudEvent lacks required attributes");
        }

        if (RejectPublish?.Invoke(cloudEvent.Value) == true)
        {
            return Error(context, 500, "ERR_PUBSUB_PUBLISH_MESSAGE", "broker refused the message");
        }

        Accept(new PublishedCloudEvent(pubsub, topic, cloudEvent.Value));
        return Respond(context, 204);
    }

    private Task BulkPublish(HttpContext context, RecordedDaprRequest r, string pubsub, string topic)
    {
        if (!PubSubNames.Contains(pubsub))
        {
            return Error(context, 404, "ERR_PUBSUB_NOT_FOUND", "pubsub not found");
        }

        var failed = new JsonArray();
        foreach (var entry in r.BodyJson.EnumerateArray())
        {
            var entryId = entry.GetProperty("entryId").GetString()!;
            var contentType = entry.TryGetProperty("contentType", out var ct) ? ct.GetString() ?? "application/json" : "application/json";
            var cloudEvent = ToCloudEvent(Encoding.UTF8.GetBytes(entry.GetProperty("event").GetRawText()), contentType, pubsub, topic);
            if (cloudEvent is null || RejectPublish?.Invoke(cloudEvent.Value) == true)
            {
                failed.Add(new JsonObject { ["entryId"] = entryId, ["error"] = "broker refused the message" });
                continue;
            }

            Accept(new PublishedCloudEvent(pubsub, topic, cloudEvent.Value));
        }

        if (failed.Count == 0)
        {
            return Respond(context, 204);
        }

        return Json(context, 500, new JsonObject { ["failedEntries"] = failed, ["errorCode"] = "ERR_PUBSUB_PUBLISH_MESSAGE" });
    }

    /// <summary>What daprd makes of a published body: an envelope kept (and completed) or a new one wrapping the body.</summary>
    private static JsonElement? ToCloudEvent(byte[] body, string contentType, string pubsub, string topic)
    {
        JsonObject envelope;
        if (contentType.StartsWith("application/cloudevents+json", StringComparison.OrdinalIgnoreCase))
        {
            if (JsonNode.Parse(body) is not JsonObject given || given["id"] is null)
            {
                return null;
            }

            envelope = given;
            envelope["source"] ??= "Dapr";
            envelope["type"] ??= "com.dapr.event.sent";
            envelope["specversion"] ??= "1.0";
        }
        else
        {
            envelope = new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["source"] = "Dapr",
                ["type"] = "com.dapr.event.sent",
                ["specversion"] = "1.0",
                ["datacontenttype"] = contentType,
                ["data"] = contentType.Contains("json", StringComparison.OrdinalIgnoreCase)
                    ? JsonNode.Parse(body)
                    : JsonValue.Create(Encoding.UTF8.GetString(body)),
            };
        }

        envelope["topic"] = topic;
        envelope["pubsubname"] = pubsub;
        return JsonSerializer.SerializeToElement(envelope);
    }

    private void Accept(PublishedCloudEvent message)
    {
        _published.Enqueue(message);
        App?.Deliver(message);
    }

    // ---- state ----

    private Task WithStateStore(HttpContext context, string store, Func<Task> handle) =>
        StateStoreNames.Contains(store) ? handle() : Error(context, 400, "ERR_STATE_STORE_NOT_FOUND", "state store not found");

    private Task Get(HttpContext context, string store, string key)
    {
        var current = GetState(key, store);
        if (current is null)
        {
            return Respond(context, 204);
        }

        context.Response.Headers["ETag"] = current.Value.ETag;
        context.Response.ContentType = "application/json";
        context.Response.StatusCode = 200;
        return context.Response.WriteAsync(current.Value.Json);
    }

    private Task BulkGet(HttpContext context, RecordedDaprRequest r, string store)
    {
        var result = new JsonArray();
        foreach (var keyElement in r.BodyJson.GetProperty("keys").EnumerateArray())
        {
            var key = keyElement.GetString()!;
            var item = new JsonObject { ["key"] = key };
            if (GetState(key, store) is { } found)
            {
                item["data"] = JsonNode.Parse(found.Json);
                item["etag"] = found.ETag;
            }

            result.Add(item);
        }

        return Json(context, 200, result);
    }

    private Task Save(HttpContext context, RecordedDaprRequest r, string store)
    {
        var queryTtl = context.Request.Query["metadata.ttlInSeconds"].ToString();
        lock (_stateLock)
        {
            foreach (var item in r.BodyJson.EnumerateArray())
            {
                var key = item.GetProperty("key").GetString()!;
                if (!TryReadTtl(item, queryTtl, out var ttl))
                {
                    return Error(context, 400, "ERR_MALFORMED_REQUEST", "metadata values must be strings");
                }

                var etag = item.TryGetProperty("etag", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                var concurrency = item.TryGetProperty("options", out var o) && o.TryGetProperty("concurrency", out var c) ? c.GetString() : null;
                var exists = _state.TryGetValue((store, key), out var current) && !IsExpired(current!);

                if (!string.IsNullOrEmpty(etag) && concurrency != "last-write")
                {
                    if (!int.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var expected))
                    {
                        return Error(context, 400, "ERR_STATE_SAVE", "malformed etag");
                    }

                    // Redis checks the version only when the key exists.
                    if (exists && current!.Version != expected)
                    {
                        return Error(context, 409, "ERR_STATE_SAVE", "possible etag mismatch");
                    }
                }
                else if (concurrency == "first-write" && exists)
                {
                    // Redis refuses a first-write without an ETag on an existing key as a plain save error.
                    return Error(context, 500, "ERR_STATE_SAVE", "failed saving state");
                }

                var value = item.TryGetProperty("value", out var v) ? v.GetRawText() : "null";
                _state[(store, key)] = new StoredState(value, exists ? current!.Version + 1 : 1, ttl is { } t ? Now + t : null);
            }
        }

        return Respond(context, 204);
    }

    private Task Delete(HttpContext context, RecordedDaprRequest r, string store, string key)
    {
        var etag = r.Header("If-Match");
        lock (_stateLock)
        {
            var exists = _state.TryGetValue((store, key), out var current) && !IsExpired(current!);
            if (!string.IsNullOrEmpty(etag))
            {
                if (!int.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var expected))
                {
                    return Error(context, 400, "ERR_STATE_DELETE", "malformed etag");
                }

                if (exists && current!.Version != expected)
                {
                    return Error(context, 409, "ERR_STATE_DELETE", "possible etag mismatch");
                }
            }

            _state.Remove((store, key));
        }

        return Respond(context, 204);
    }

    private Task Transaction(HttpContext context, RecordedDaprRequest r, string store)
    {
        var operations = r.BodyJson.GetProperty("operations").EnumerateArray().ToList();
        lock (_stateLock)
        {
            // All or nothing: check every condition before applying anything.
            foreach (var operation in operations)
            {
                var kind = operation.GetProperty("operation").GetString();
                if (kind is not ("upsert" or "delete"))
                {
                    return Error(context, 400, "ERR_NOT_SUPPORTED_STATE_OPERATION", "operation not supported");
                }

                var request = operation.GetProperty("request");
                if (!TryReadTtl(request, "", out _))
                {
                    return Error(context, 400, "ERR_MALFORMED_REQUEST", "metadata values must be strings");
                }

                var key = request.GetProperty("key").GetString()!;
                var etag = request.TryGetProperty("etag", out var e) ? e.GetString() : null;
                var exists = _state.TryGetValue((store, key), out var current) && !IsExpired(current!);
                if (!string.IsNullOrEmpty(etag) && exists && current!.Version.ToString(CultureInfo.InvariantCulture) != etag)
                {
                    return Error(context, 500, "ERR_STATE_TRANSACTION", "error while executing state transaction");
                }
            }

            foreach (var operation in operations)
            {
                var request = operation.GetProperty("request");
                var key = request.GetProperty("key").GetString()!;
                if (operation.GetProperty("operation").GetString() == "delete")
                {
                    _state.Remove((store, key));
                    continue;
                }

                TryReadTtl(request, "", out var ttl);
                var exists = _state.TryGetValue((store, key), out var current) && !IsExpired(current!);
                var value = request.TryGetProperty("value", out var v) ? v.GetRawText() : "null";
                _state[(store, key)] = new StoredState(value, exists ? current!.Version + 1 : 1, ttl is { } t ? Now + t : null);
            }
        }

        return Respond(context, 204);
    }

    /// <summary>Item metadata is map[string]string in daprd: a TTL sent as a number is a malformed request.</summary>
    private static bool TryReadTtl(JsonElement item, string queryTtl, out TimeSpan? ttl)
    {
        ttl = null;
        var text = queryTtl;
        if (item.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in metadata.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    return false;
                }
            }

            if (metadata.TryGetProperty("ttlInSeconds", out var t))
            {
                text = t.GetString()!;
            }
        }

        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        ttl = seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;
        return true;
    }

    // ---- secrets, metadata ----

    private Task Secret(HttpContext context, string store, string name)
    {
        if (!SecretStoreNames.Contains(store))
        {
            return Error(context, 400, "ERR_SECRET_STORE_NOT_FOUND", "secret store not found");
        }

        // Like the local file store: a missing secret is a 500, not a 204.
        return Secrets.TryGetValue(name, out var values)
            ? Json(context, 200, JsonSerializer.SerializeToNode(values)!)
            : Error(context, 500, "ERR_SECRET_GET", "failed getting secret");
    }

    private Task Metadata(HttpContext context)
    {
        var components = new JsonArray();
        foreach (var name in PubSubNames)
        {
            components.Add(new JsonObject { ["name"] = name, ["type"] = "pubsub.in-memory", ["version"] = "v1", ["capabilities"] = new JsonArray() });
        }

        foreach (var name in StateStoreNames)
        {
            components.Add(new JsonObject
            {
                ["name"] = name, ["type"] = "state.redis", ["version"] = "v1",
                ["capabilities"] = new JsonArray("ETAG", "TRANSACTIONAL", "TTL"),
            });
        }

        foreach (var name in SecretStoreNames)
        {
            components.Add(new JsonObject { ["name"] = name, ["type"] = "secretstores.local.file", ["version"] = "v1", ["capabilities"] = new JsonArray() });
        }

        return Json(context, 200, new JsonObject
        {
            ["id"] = AppId,
            ["runtimeVersion"] = "1.16.0-stub",
            ["enabledFeatures"] = new JsonArray(),
            ["components"] = components,
        });
    }

    private static Task Respond(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static Task Json(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private static Task Error(HttpContext context, int status, string errorCode, string message) =>
        Json(context, status, new JsonObject { ["errorCode"] = errorCode, ["message"] = message });

    private sealed record StoredState(string Json, int Version, DateTimeOffset? ExpiresAt);
}
