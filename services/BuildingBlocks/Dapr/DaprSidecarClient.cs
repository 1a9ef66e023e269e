using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DaprChannels.BuildingBlocks.PubSub;
using DaprChannels.BuildingBlocks.State;

namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>
/// The sidecar's HTTP API (shared/dapr-http-api.md), typed. Every call but the health probes carries
/// <c>dapr-api-token</c> when one is configured. Failures surface as the ports' exceptions
/// (<see cref="PublishFailedException"/>, <see cref="StateConcurrencyException"/>, <see cref="StateStoreException"/>)
/// or <see cref="DaprSidecarException"/>, with Dapr's error code but never a value or a secret.
/// </summary>
public sealed class DaprSidecarClient(HttpClient http, DaprSidecarSettings settings)
{
    public const string ApiTokenHeader = "dapr-api-token";
    public const string CloudEventContentType = "application/cloudevents+json";

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    public DaprSidecarSettings Settings => settings;

    // ---- pub/sub ----

    /// <summary>
    /// Publishes one event as a CloudEvent whose <c>id</c> is the event id, so a redelivery or a republish keeps it.
    /// </summary>
    public async Task PublishAsync(string pubsub, EventEnvelope envelope, CancellationToken cancellationToken = default)
    {
        var path = $"v1.0/publish/{Segment(pubsub)}/{Segment(envelope.Topic)}";
        using var request = NewRequest(HttpMethod.Post, path);
        request.Content = new ByteArrayContent(WriteCloudEvent(envelope));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventContentType);

        using var response = await SendForPublishAsync(request, envelope.Topic, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = await DaprApiError.ReadAsync(response, cancellationToken);
            throw new PublishFailedException($"Publishing to '{envelope.Topic}' failed: {error}.");
        }
    }

    /// <summary>
    /// Publishes several events to one topic in one bulk call. Entries the sidecar reports as failed are
    /// published again one by one; if any still fails, <see cref="PublishFailedException"/>.
    /// </summary>
    public async Task PublishBulkAsync(string pubsub, string topic, IReadOnlyList<EventEnvelope> envelopes, CancellationToken cancellationToken = default)
    {
        if (envelopes.Count == 0)
        {
            return;
        }

        var path = $"v1.0-alpha1/publish/bulk/{Segment(pubsub)}/{Segment(topic)}";
        using var request = NewRequest(HttpMethod.Post, path);
        request.Content = new ByteArrayContent(WriteBulkPublishBody(envelopes));
        request.Content.Headers.ContentType = JsonContentType;

        using var response = await SendForPublishAsync(request, topic, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var failedEntryIds = response.StatusCode == HttpStatusCode.InternalServerError ? TryReadFailedEntryIds(body) : null;
        if (failedEntryIds is null)
        {
            var error = new DaprApiError(response.StatusCode, DaprApiError.TryReadErrorCode(body));
            throw new PublishFailedException($"Bulk publishing {envelopes.Count} events to '{topic}' failed: {error}.");
        }

        var stillFailing = 0;
        foreach (var entryId in failedEntryIds)
        {
            // Entry ids are the envelope's index in this request; an id we did not send means nothing here.
            if (!int.TryParse(entryId, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= envelopes.Count)
            {
                continue;
            }

            try
            {
                await PublishAsync(pubsub, envelopes[index] with { Topic = topic }, cancellationToken);
            }
            catch (PublishFailedException)
            {
                stillFailing++;
            }
        }

        if (stillFailing > 0)
        {
            throw new PublishFailedException($"Bulk publishing to '{topic}': {stillFailing} of {envelopes.Count} events could not be published.");
        }
    }

    // ---- state ----

    /// <summary>The value and ETag of <paramref name="key"/>, or null when the key does not exist (204).</summary>
    public async Task<DaprStateEntry?> GetStateAsync(string store, string key, CancellationToken cancellationToken = default)
    {
        if (!FitsInPath(key))
        {
            return (await GetBulkStateAsync(store, [key], cancellationToken)).FirstOrDefault();
        }

        using var request = NewRequest(HttpMethod.Get, $"v1.0/state/{Segment(store)}/{Segment(key)}");
        using var response = await SendForStateAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            var error = await DaprApiError.ReadAsync(response, cancellationToken);
            throw new StateStoreException($"Reading state key '{key}' failed: {error}.");
        }

        var json = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (json.Length == 0)
        {
            return null;
        }

        // Dapr sends the ETag unquoted (ETag: 3), which the typed EntityTagHeaderValue parser rejects.
        var etag = response.Headers.TryGetValues("ETag", out var values) ? values.FirstOrDefault() : null;
        return new DaprStateEntry(key, json, string.IsNullOrEmpty(etag) ? null : etag);
    }

    /// <summary>Reads several keys in one call; keys that do not exist are left out, the rest keep the requested order.</summary>
    public async Task<IReadOnlyList<DaprStateEntry>> GetBulkStateAsync(string store, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        using var request = NewRequest(HttpMethod.Post, $"v1.0/state/{Segment(store)}/bulk");
        request.Content = JsonBody(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            foreach (var key in keys)
            {
                writer.WriteStringValue(key);
            }

            writer.WriteEndArray();
            writer.WriteNumber("parallelism", 10);
            writer.WriteEndObject();
        });

        using var response = await SendForStateAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = await DaprApiError.ReadAsync(response, cancellationToken);
            throw new StateStoreException($"Bulk reading {keys.Count} state keys failed: {error}.");
        }

        var found = new Dictionary<string, DaprStateEntry>(StringComparer.Ordinal);
        using (var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), default, cancellationToken))
        {
            foreach (var item in document.RootElement.EnumerateArray())
            {
                var key = item.GetProperty("key").GetString() ?? "";
                if (item.TryGetProperty("error", out var itemError) && itemError.ValueKind == JsonValueKind.String && itemError.GetString() is { Length: > 0 })
                {
                    throw new StateStoreException($"Bulk reading state key '{key}' failed.");
                }

                // The item field is "data" (the docs' example says "value"; the runtime writes "data").
                if (!item.TryGetProperty("data", out var data) || data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
                {
                    continue;
                }

                var etag = item.TryGetProperty("etag", out var etagElement) && etagElement.ValueKind == JsonValueKind.String ? etagElement.GetString() : null;
                found[key] = new DaprStateEntry(key, JsonSerializer.SerializeToUtf8Bytes(data), string.IsNullOrEmpty(etag) ? null : etag);
            }
        }

        return keys.Distinct(StringComparer.Ordinal).Where(found.ContainsKey).Select(k => found[k]).ToList();
    }

    /// <summary>
    /// Saves items. An ETag mismatch (409) throws <see cref="StateConcurrencyException"/>; any other refusal,
    /// including Redis's 500 <c>ERR_STATE_SAVE</c> for a first-write on an existing key, <see cref="StateStoreException"/>.
    /// </summary>
    public async Task SaveStateAsync(string store, IReadOnlyList<DaprStateSaveItem> items, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Post, $"v1.0/state/{Segment(store)}");
        request.Content = JsonBody(writer =>
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                writer.WriteStartObject();
                WriteStateRequestFields(writer, item.Key, item.Value, item.ETag, item.Ttl);
                if (item.Concurrency is not null)
                {
                    writer.WriteStartObject("options");
                    writer.WriteString("concurrency", item.Concurrency);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });

        using var response = await SendForStateAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var keyDescription = items.Count == 1 ? $"state key '{items[0].Key}'" : $"{items.Count} state keys";
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new StateConcurrencyException(items.Count == 1 ? items[0].Key : string.Join(", ", items.Select(i => i.Key)));
        }

        var error = await DaprApiError.ReadAsync(response, cancellationToken);
        throw new StateStoreException($"Saving {keyDescription} failed: {error}.");
    }

    /// <summary>Deletes <paramref name="key"/>; with an <paramref name="etag"/> only if it still matches (else <see cref="StateConcurrencyException"/>).</summary>
    public async Task DeleteStateAsync(string store, string key, string? etag = null, CancellationToken cancellationToken = default)
    {
        if (!FitsInPath(key))
        {
            await ExecuteStateTransactionAsync(store, [StateOperation.Delete(key, etag)], cancellationToken);
            return;
        }

        using var request = NewRequest(HttpMethod.Delete, $"v1.0/state/{Segment(store)}/{Segment(key)}");
        if (!string.IsNullOrEmpty(etag))
        {
            // Raw, unquoted: daprd passes the header value to the store as the ETag itself.
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        using var response = await SendForStateAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new StateConcurrencyException(key);
        }

        var error = await DaprApiError.ReadAsync(response, cancellationToken);
        throw new StateStoreException($"Deleting state key '{key}' failed: {error}.");
    }

    /// <summary>
    /// Applies upserts and deletes atomically. Dapr reports an ETag mismatch in a transaction as
    /// 500 <c>ERR_STATE_TRANSACTION</c>, which a store failure also produces; when any operation carried an
    /// ETag it is taken for a conflict (<see cref="StateConcurrencyException"/>) so callers re-read and retry.
    /// </summary>
    public async Task ExecuteStateTransactionAsync(string store, IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default)
    {
        if (operations.Count == 0)
        {
            return;
        }

        using var request = NewRequest(HttpMethod.Post, $"v1.0/state/{Segment(store)}/transaction");
        request.Content = JsonBody(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("operations");
            foreach (var operation in operations)
            {
                writer.WriteStartObject();
                writer.WriteString("operation", operation.Kind == StateOperationKind.Upsert ? "upsert" : "delete");
                writer.WriteStartObject("request");
                WriteStateRequestFields(writer, operation.Key, operation.Kind == StateOperationKind.Upsert ? operation.Value : null, operation.ETag, operation.Ttl);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });

        using var response = await SendForStateAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var error = await DaprApiError.ReadAsync(response, cancellationToken);
        var conditional = operations.FirstOrDefault(o => !string.IsNullOrEmpty(o.ETag));
        if (conditional is not null && (response.StatusCode == HttpStatusCode.Conflict
                                        || (response.StatusCode == HttpStatusCode.InternalServerError && error.ErrorCode == "ERR_STATE_TRANSACTION")))
        {
            throw new StateConcurrencyException(conditional.Key);
        }

        throw new StateStoreException($"A state transaction of {operations.Count} operations failed: {error}.");
    }

    // ---- secrets ----

    /// <summary>
    /// The secret's key/value map, or null when there is no such secret: stores answer 204, 404 or
    /// 500 <c>ERR_SECRET_GET</c> for that (the file store does the last).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>?> GetSecretAsync(string store, string name, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Get, $"v1.0/secrets/{Segment(store)}/{Segment(name)}");
        using var response = await SendAsync(request, cancellationToken,
            ex => new DaprSidecarException($"Reading secret '{name}' failed: the sidecar could not be reached.", inner: ex));
        if (response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            var error = await DaprApiError.ReadAsync(response, cancellationToken);
            if (error is { StatusCode: HttpStatusCode.InternalServerError, ErrorCode: "ERR_SECRET_GET" })
            {
                return null;
            }

            throw new DaprSidecarException($"Reading secret '{name}' failed: {error}.", error);
        }

        var values = await response.Content.ReadFromJsonOrDefaultAsync<Dictionary<string, string>>(cancellationToken);
        return values ?? new Dictionary<string, string>();
    }

    // ---- metadata and health ----

    public async Task<DaprMetadata> GetMetadataAsync(CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Get, "v1.0/metadata");
        using var response = await SendAsync(request, cancellationToken,
            ex => new DaprSidecarException("Reading the sidecar metadata failed: the sidecar could not be reached.", inner: ex));
        if (!response.IsSuccessStatusCode)
        {
            var error = await DaprApiError.ReadAsync(response, cancellationToken);
            throw new DaprSidecarException($"Reading the sidecar metadata failed: {error}.", error);
        }

        return await response.Content.ReadFromJsonOrDefaultAsync<DaprMetadata>(cancellationToken)
               ?? new DaprMetadata(null, null, []);
    }

    /// <summary>
    /// True when <c>GET /v1.0/healthz/outbound</c> answers 2xx: components loaded and the API up, whether or
    /// not the app channel is ready yet. False for an unreachable sidecar (connection refused, timeout).
    /// </summary>
    public async Task<bool> IsOutboundHealthyAsync(CancellationToken cancellationToken = default)
    {
        // The health endpoints are exempt from the API token; sending it there would only spread it.
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1.0/healthz/outbound");
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    // ---- plumbing ----

    private HttpRequestMessage NewRequest(HttpMethod method, string relativePath)
    {
        var request = new HttpRequestMessage(method, relativePath);
        if (settings.ApiToken is { } token)
        {
            request.Headers.TryAddWithoutValidation(ApiTokenHeader, token);
        }

        return request;
    }

    private Task<HttpResponseMessage> SendForPublishAsync(HttpRequestMessage request, string topic, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken, ex => new PublishFailedException($"Publishing to '{topic}' failed: the sidecar could not be reached.", ex));

    private Task<HttpResponseMessage> SendForStateAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken, ex => new StateStoreException("The state store could not be reached through the sidecar.", ex));

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken, Func<Exception, Exception> unreachable)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw unreachable(ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's own timeout, not the caller giving up.
            throw unreachable(ex);
        }
    }

    private static void WriteStateRequestFields(Utf8JsonWriter writer, string key, JsonElement? value, string? etag, TimeSpan? ttl)
    {
        writer.WriteString("key", key);
        if (value is { } json)
        {
            writer.WritePropertyName("value");
            json.WriteTo(writer);
        }

        if (!string.IsNullOrEmpty(etag))
        {
            writer.WriteString("etag", etag);
        }

        if (ttl is { } t && t > TimeSpan.Zero)
        {
            writer.WriteStartObject("metadata");
            // Dapr's item metadata is map[string]string: a JSON number here fails decoding.
            writer.WriteString("ttlInSeconds", TtlSeconds(t));
            writer.WriteEndObject();
        }
    }

    /// <summary>Whole seconds, rounded up so a key never expires before it was asked to, at least one.</summary>
    internal static string TtlSeconds(TimeSpan ttl) =>
        Math.Max(1L, (long)Math.Ceiling(ttl.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private byte[] WriteCloudEvent(EventEnvelope envelope)
    {
        var buffer = new ArrayBufferWriter<byte>(envelope.Data.Length + 512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCloudEvent(writer, envelope);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void WriteCloudEvent(Utf8JsonWriter writer, EventEnvelope envelope)
    {
        writer.WriteStartObject();
        writer.WriteString("specversion", "1.0");
        writer.WriteString("id", envelope.Id);
        writer.WriteString("source", settings.AppId);
        writer.WriteString("type", envelope.Type);
        writer.WriteString("time", envelope.Time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffK", CultureInfo.InvariantCulture));
        writer.WriteString("datacontenttype", "application/json");
        writer.WritePropertyName("data");
        writer.WriteRawValue(envelope.Data);
        if (!string.IsNullOrEmpty(envelope.TraceParent))
        {
            writer.WriteString("traceparent", envelope.TraceParent);
        }

        if (!string.IsNullOrEmpty(envelope.TraceState))
        {
            writer.WriteString("tracestate", envelope.TraceState);
        }

        writer.WriteEndObject();
    }

    private byte[] WriteBulkPublishBody(IReadOnlyList<EventEnvelope> envelopes)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var i = 0; i < envelopes.Count; i++)
            {
                writer.WriteStartObject();
                // The index, not the event id: entry ids must be unique in the request, event ids need not be.
                writer.WriteString("entryId", i.ToString(CultureInfo.InvariantCulture));
                writer.WritePropertyName("event");
                WriteCloudEvent(writer, envelopes[i]);
                writer.WriteString("contentType", CloudEventContentType);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static List<string>? TryReadFailedEntryIds(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("failedEntries", out var failed)
                || failed.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            return failed.EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("entryId", out var id) ? id.GetString() : null)
                .OfType<string>()
                .ToList();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ByteArrayContent JsonBody(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = JsonContentType;
        return content;
    }

    /// <summary>
    /// Escapes one URL path segment. ':' stays literal: state keys use it as a separator and it is a valid
    /// path character, so the key daprd sees is the key we meant whether or not it unescapes.
    /// </summary>
    /// <summary>
    /// Whether a state key can travel in a URL path as itself. daprd does not unescape a key taken from the
    /// path, so a key that would need escaping (<c>+</c>, <c>/</c>, <c>=</c>, <c>@</c>, a space, non-ASCII:
    /// WhatsApp numbers, base64-like message ids, e-mail addresses) would be read and deleted under another
    /// name than it was saved under; such keys go in request bodies (bulk get, transaction) instead.
    /// </summary>
    internal static bool FitsInPath(string key) => Segment(key) == key;

    internal static string Segment(string value) => Uri.EscapeDataString(value).Replace("%3A", ":", StringComparison.Ordinal);
}

internal static class HttpContentJsonExtensions
{
    public static async Task<T?> ReadFromJsonOrDefaultAsync<T>(this HttpContent content, CancellationToken cancellationToken)
    {
        var bytes = await content.ReadAsByteArrayAsync(cancellationToken);
        if (bytes.Length == 0)
        {
            return default;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(bytes, EventJson.Options);
        }
        catch (JsonException ex)
        {
            throw new DaprSidecarException($"The sidecar answered with JSON that is not a {typeof(T).Name}.", inner: ex);
        }
    }
}
