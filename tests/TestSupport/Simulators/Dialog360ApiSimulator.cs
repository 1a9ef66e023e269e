namespace DaprChannels.TestSupport.Simulators;

/// <summary>
/// A stand-in for waba-v2.360dialog.io on 127.0.0.1: <c>POST /messages</c> (the Cloud API's body rules,
/// shared with <see cref="GraphApiSimulator"/>), <c>GET|POST /v1/configs/webhook</c>, <c>GET /{media-id}</c>
/// and the media download path its answer points at. Every call needs a known <c>D360-API-KEY</c>; each
/// key belongs to one phone number. Calls can be scripted to fail and are all recorded.
/// </summary>
public sealed class Dialog360ApiSimulator : SimulatedPlatformApi<Dialog360ApiCall, Dialog360SimulatedFailure>
{
    public const string ApiKeyHeader = "D360-API-KEY";

    /// <summary>Operation names for <see cref="FailNext"/>.</summary>
    public const string SendOperation = "messages";
    public const string WebhookOperation = "webhook";
    public const string MediaOperation = "media";
    public const string DownloadOperation = "download";

    /// <summary>The host Meta's media URLs name; the client must swap it for the 360dialog host.</summary>
    public const string MetaMediaHost = "lookaside.fbsbx.com";
    public const string DownloadPath = "/whatsapp_business/attachments/";

    private readonly ConcurrentDictionary<string, string> _numberOfKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _webhooks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (byte[] Bytes, string MimeType, bool AnnounceLength)> _media = new(StringComparer.Ordinal);
    private long _messageCounter;

    private Dialog360ApiSimulator()
    {
    }

    public static async Task<Dialog360ApiSimulator> StartAsync(CancellationToken cancellationToken = default)
    {
        var simulator = new Dialog360ApiSimulator();
        await simulator.ListenAsync(app =>
        {
            app.MapPost("/messages", simulator.HandleSendAsync);
            app.MapGet("/v1/configs/webhook", simulator.HandleGetWebhookAsync);
            app.MapPost("/v1/configs/webhook", simulator.HandleSetWebhookAsync);
            app.MapGet(DownloadPath, simulator.HandleDownloadAsync);
            app.MapGet("/{mediaId}", simulator.HandleMediaAsync);
        }, cancellationToken);
        return simulator;
    }

    /// <summary>Makes <paramref name="apiKey"/> the valid key of the channel for <paramref name="phoneNumberId"/>.</summary>
    public Dialog360ApiSimulator AddChannel(string apiKey, string phoneNumberId)
    {
        _numberOfKey[apiKey] = phoneNumberId;
        return this;
    }

    /// <summary>Invalidates a key, as regenerating it in the hub does.</summary>
    public void RevokeKey(string apiKey) => _numberOfKey.TryRemove(apiKey, out _);

    /// <summary>Sets a webhook as if configured in the hub.</summary>
    public void SetWebhook(string apiKey, string url, IReadOnlyDictionary<string, string>? headers = null)
    {
        var headerObject = new JsonObject();
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            headerObject[name] = value;
        }

        _webhooks[apiKey] = new JsonObject { ["url"] = url, ["headers"] = headerObject };
    }

    /// <summary>The webhook configuration registered with <paramref name="apiKey"/>, or null.</summary>
    public JsonObject? WebhookOf(string apiKey) => _webhooks.TryGetValue(apiKey, out var webhook) ? webhook : null;

    /// <summary>A received media file, described by <c>GET /{mediaId}</c> and downloadable through the relay.</summary>
    /// <param name="announceLength">False: the description has no file_size and the download is chunked, with no Content-Length.</param>
    public Dialog360ApiSimulator AddMedia(string mediaId, byte[] bytes, string mimeType, bool announceLength = true)
    {
        _media[mediaId] = (bytes, mimeType, announceLength);
        return this;
    }

    /// <summary>Read marks and typing indicators (<c>"status":"read"</c>): posted to /messages, but not messages.</summary>
    public IReadOnlyList<Dialog360ApiCall> Signals => Calls.Where(IsSignal).ToList();

    protected override bool IsSend(Dialog360ApiCall call) => call.Method == "POST" && call.Path == "/messages" && !IsSignal(call);

    private static bool IsSignal(Dialog360ApiCall call) => call.Method == "POST" && call.Path == "/messages" && call.Field("status") == "read";

    private async Task HandleSendAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context.Request);
        var (status, answer, failure) = Authorize(context.Request, SendOperation) ?? Send(body);
        await AnswerAsync(context, body, status, answer, failure);
    }

    private async Task HandleGetWebhookAsync(HttpContext context)
    {
        var (status, answer, failure) = Authorize(context.Request, WebhookOperation)
            ?? (200, (JsonObject?)WebhookOf(KeyOf(context.Request)!)?.DeepClone() ?? new JsonObject { ["url"] = null }, null);
        await AnswerAsync(context, [], status, answer, failure);
    }

    private async Task HandleSetWebhookAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context.Request);
        var (status, answer, failure) = Authorize(context.Request, WebhookOperation) ?? SetWebhook(KeyOf(context.Request)!, body);
        await AnswerAsync(context, body, status, answer, failure);
    }

    private async Task HandleMediaAsync(HttpContext context, string mediaId)
    {
        var (status, answer, failure) = Authorize(context.Request, MediaOperation) ?? Describe(mediaId);
        await AnswerAsync(context, [], status, answer, failure);
    }

    private async Task HandleDownloadAsync(HttpContext context)
    {
        var mediaId = context.Request.Query["mid"].ToString();
        var refused = Authorize(context.Request, DownloadOperation);
        var found = _media.TryGetValue(mediaId, out var media);
        var status = refused?.Status ?? (found ? 200 : 404);
        Record(context, [], status);
        if (status != 200)
        {
            var answer = refused?.Answer ?? Dialog360SimulatedFailure.OwnError(404, "media not found");
            await WriteJsonAsync(context, status, answer, refused?.Failure);
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = media.MimeType;
        if (media.AnnounceLength)
        {
            context.Response.ContentLength = media.Bytes.Length;
        }

        await context.Response.Body.WriteAsync(media.Bytes, context.RequestAborted);
    }

    private (int Status, JsonObject Answer, Dialog360SimulatedFailure? Failure) Send(JsonObject body)
    {
        if (GraphApiSimulator.RefuseCloudApiMessage(body) is { } refusal)
        {
            return (refusal.Status, refusal.Answer, null);
        }

        var answer = GraphApiSimulator.CloudApiSendAnswer(body,
            () => $"wamid.D360SIM{Interlocked.Increment(ref _messageCounter).ToString("D6", CultureInfo.InvariantCulture)}");
        return (200, answer, null);
    }

    private (int, JsonObject, Dialog360SimulatedFailure?) SetWebhook(string apiKey, JsonObject body)
    {
        if (!Uri.TryCreate((string?)body["url"], UriKind.Absolute, out var url))
        {
            return (400, Dialog360SimulatedFailure.OwnError(400, "url: Not a valid URL."), null);
        }

        if (body["headers"] is not null and not JsonObject)
        {
            return (400, Dialog360SimulatedFailure.OwnError(400, "headers: Not a valid mapping type."), null);
        }

        _webhooks[apiKey] = (JsonObject)body.DeepClone();
        return (200, new JsonObject { ["url"] = url.AbsoluteUri }, null);
    }

    /// <summary>The Cloud API's media object, with a Meta URL that only the relay host accepts the key for.</summary>
    private (int, JsonObject, Dialog360SimulatedFailure?) Describe(string mediaId)
    {
        if (!_media.TryGetValue(mediaId, out var media))
        {
            return (404, Dialog360SimulatedFailure.Relayed(404, 100, "(#100) Invalid parameter").Body, null);
        }

        var description = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["url"] = $"https://{MetaMediaHost}{DownloadPath}?mid={mediaId}&ext=1749416999&hash=ATsimulated",
            ["mime_type"] = media.MimeType,
            ["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(media.Bytes)),
            ["id"] = mediaId,
        };
        if (media.AnnounceLength)
        {
            description["file_size"] = media.Bytes.Length;
        }

        return (200, description, null);
    }

    /// <summary>Null when the call may proceed; otherwise a missing or unknown key, or a scripted failure.</summary>
    private (int Status, JsonObject Answer, Dialog360SimulatedFailure? Failure)? Authorize(HttpRequest request, string operation)
    {
        var key = KeyOf(request);
        if (key is null || !_numberOfKey.ContainsKey(key))
        {
            var invalid = Dialog360SimulatedFailure.InvalidApiKey();
            return (invalid.StatusCode, invalid.Body, null);
        }

        return Failures.Next(operation) is { } failure ? (failure.StatusCode, (JsonObject)failure.Body.DeepClone(), failure) : null;
    }

    private async Task AnswerAsync(HttpContext context, JsonObject body, int status, JsonObject answer, Dialog360SimulatedFailure? failure)
    {
        Record(context, body, status);
        await WriteJsonAsync(context, status, answer, failure);
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonObject answer, Dialog360SimulatedFailure? failure)
    {
        if (failure?.Delay is { } delay)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        if (failure?.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
    }

    private void Record(HttpContext context, JsonObject body, int status) => Recorded.Add(new Dialog360ApiCall(
        context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value, body,
        KeyOf(context.Request), context.Request.Headers.Authorization.Count > 0, DateTimeOffset.UtcNow, status));

    private static string? KeyOf(HttpRequest request) =>
        request.Headers.TryGetValue(ApiKeyHeader, out var key) && !string.IsNullOrEmpty(key.ToString()) ? key.ToString() : null;

    private static async Task<JsonObject> ReadBodyAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body) as JsonObject ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }
}
