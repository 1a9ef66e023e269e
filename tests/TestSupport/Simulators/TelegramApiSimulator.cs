namespace DaprChannels.TestSupport.Simulators;

/// <summary>
/// A stand-in for api.telegram.org on 127.0.0.1: serves <c>/bot{token}/{method}</c> with the Bot
/// API's documented success and error shapes, can be scripted to fail, and records every call
/// (answerCallbackQuery included: see <see cref="CallsTo"/>).
/// </summary>
public sealed class TelegramApiSimulator : SimulatedPlatformApi<TelegramApiCall, TelegramSimulatedFailure>
{
    public const int MaxTextLength = 4096;

    /// <summary>What file-server downloads are recorded as, for <see cref="CallsTo"/>.</summary>
    public const string FileDownloadMethod = "file";

    /// <summary>Bots may download files up to 20 MB; getFile refuses larger ones.</summary>
    public const long BotDownloadLimit = 20L * 1024 * 1024;

    private static readonly HashSet<string> SendMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        "sendMessage", "sendPhoto", "sendDocument", "sendVideo", "sendAudio", "sendVoice", "sendSticker",
        "sendAnimation", "sendVideoNote", "sendLocation", "sendVenue", "sendContact",
    };

    private readonly ConcurrentDictionary<string, string> _bots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _lastMessageIdPerChat = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _webhooks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (TaskCompletionSource Arrived, TaskCompletionSource Gate)> _holds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (byte[] Bytes, string FilePath, long? AnnouncedSize)> _files = new(StringComparer.Ordinal);
    private long _fileCounter;

    private TelegramApiSimulator()
    {
    }

    public static async Task<TelegramApiSimulator> StartAsync(CancellationToken cancellationToken = default)
    {
        var simulator = new TelegramApiSimulator();
        await simulator.ListenAsync(app =>
        {
            app.MapMethods("/bot{token}/{method}", ["GET", "POST"], simulator.HandleAsync);
            app.MapGet("/file/bot{token}/{**filePath}", simulator.HandleFileDownloadAsync);
        }, cancellationToken);
        return simulator;
    }

    /// <summary>Makes <paramref name="token"/> a valid bot token; the bot id is the part before the colon.</summary>
    public TelegramApiSimulator AddBot(string token, string username)
    {
        _bots[token] = username;
        return this;
    }

    /// <summary>
    /// Makes <paramref name="fileId"/> a file the bots may fetch: getFile answers its file_path, and
    /// <c>/file/bot{token}/{file_path}</c> serves the bytes.
    /// </summary>
    /// <param name="announcedSize">The file_size getFile claims, when it should differ from the bytes served.</param>
    public TelegramApiSimulator AddFile(string fileId, byte[] bytes, string filePath, long? announcedSize = null)
    {
        _files[fileId] = (bytes, filePath, announcedSize);
        return this;
    }

    /// <summary>Revokes a token, as regenerating it in @BotFather does.</summary>
    public void RemoveBot(string token) => _bots.TryRemove(token, out _);

    protected override bool IsSend(TelegramApiCall call) => SendMethods.Contains(call.Method);

    public IReadOnlyList<TelegramApiCall> CallsTo(string method) =>
        Calls.Where(c => string.Equals(c.Method, method, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>The webhook a bot last registered with setWebhook (url, secret_token, allowed_updates ...), if any.</summary>
    public JsonObject? WebhookOf(string token) => _webhooks.TryGetValue(token, out var webhook) ? webhook : null;

    /// <summary>Waits until <paramref name="method"/> has been called at least <paramref name="count"/> times.</summary>
    public Task<IReadOnlyList<TelegramApiCall>> WaitForCallsAsync(string method, int count, TimeSpan? timeout = null) =>
        Recorded.WaitForAsync(c => string.Equals(c.Method, method, StringComparison.OrdinalIgnoreCase), count, timeout ?? TimeSpan.FromSeconds(10), $"calls of {method}");

    /// <summary>
    /// Holds every later call of <paramref name="method"/> before it is answered or takes effect, until
    /// <see cref="Release"/>: a call whose caller is gone by then (a killed process) never takes effect.
    /// </summary>
    public void Hold(string method) => _holds[method.ToLowerInvariant()] = (new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously),
        new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Lets the held calls of <paramref name="method"/> (and later ones) through.</summary>
    public void Release(string method)
    {
        if (_holds.TryRemove(method.ToLowerInvariant(), out var hold))
        {
            hold.Gate.TrySetResult();
        }
    }

    /// <summary>Waits until a call of a held <paramref name="method"/> has arrived and is waiting.</summary>
    public Task WaitForHeldCallAsync(string method, TimeSpan timeout) =>
        _holds.TryGetValue(method.ToLowerInvariant(), out var hold)
            ? hold.Arrived.Task.WaitAsync(timeout)
            : throw new InvalidOperationException($"{method} is not held.");

    private async Task HandleAsync(HttpContext context, string token, string method)
    {
        var body = await ReadBodyAsync(context.Request);
        if (_holds.TryGetValue(method.ToLowerInvariant(), out var hold))
        {
            hold.Arrived.TrySetResult();
            await hold.Gate.Task.WaitAsync(context.RequestAborted);
        }

        var (status, answer, delay) = Answer(token, method, body);
        Record(new TelegramApiCall(token, method, body, DateTimeOffset.UtcNow, status,
            context.Request.Headers.TryGetValue("traceparent", out var traceparent) ? traceparent.ToString() : null));
        if (delay is { } wait)
        {
            await Task.Delay(wait, context.RequestAborted);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
    }

    /// <summary>The file server: the bot's token in the path, the file_path getFile gave after it.</summary>
    private async Task HandleFileDownloadAsync(HttpContext context, string token, string filePath)
    {
        var bytes = _files.Values.Where(f => f.FilePath == filePath).Select(f => f.Bytes).FirstOrDefault();
        var status = !_bots.ContainsKey(token) ? 401 : bytes is null ? 404 : 200;
        Record(new TelegramApiCall(token, FileDownloadMethod, new JsonObject { ["file_path"] = filePath }, DateTimeOffset.UtcNow, status));
        context.Response.StatusCode = status;
        if (bytes is null || status != 200)
        {
            return;
        }

        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = bytes.LongLength;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private (int Status, JsonObject Answer, TimeSpan? Delay) Answer(string token, string method, JsonObject body)
    {
        if (!_bots.TryGetValue(token, out var username))
        {
            return Error(401, "Unauthorized");
        }

        var failure = Failures.Next(method);

        TimeSpan? delay = null;
        if (failure is not null)
        {
            if (failure.StatusCode != 200)
            {
                var error = Error(failure.StatusCode, failure.Description.Replace(TelegramSimulatedFailure.TokenPlaceholder, token, StringComparison.Ordinal));
                if (failure.RetryAfterSeconds is { } retryAfter)
                {
                    error.Answer["parameters"] = new JsonObject { ["retry_after"] = retryAfter };
                }

                return error;
            }

            delay = failure.Delay;
        }

        var (status, answer, _) = Succeed(token, username, method, body);
        return (status, answer, delay);
    }

    private (int, JsonObject, TimeSpan?) Succeed(string token, string username, string method, JsonObject body)
    {
        var botId = long.Parse(token[..token.IndexOf(':')], CultureInfo.InvariantCulture);
        var bot = new JsonObject { ["id"] = botId, ["is_bot"] = true, ["first_name"] = username, ["username"] = username };
        switch (method.ToLowerInvariant())
        {
            case "getme":
                bot["can_join_groups"] = true;
                bot["can_read_all_group_messages"] = false;
                bot["supports_inline_queries"] = false;
                return Ok(bot);
            case "setwebhook":
                if (body["url"] is null)
                {
                    return Error(400, "Bad Request: bad webhook: URL is empty");
                }

                _webhooks[token] = (JsonObject)body.DeepClone();
                return Ok(true, "Webhook was set");
            case "deletewebhook":
                _webhooks.TryRemove(token, out _);
                return Ok(true, "Webhook was deleted");
            case "getwebhookinfo":
                var webhook = WebhookOf(token);
                return Ok(new JsonObject
                {
                    ["url"] = webhook?["url"]?.DeepClone() ?? "",
                    ["has_custom_certificate"] = false,
                    ["pending_update_count"] = 0,
                });
            case "setmessagereaction" or "sendchataction":
                return Ok(true);
            case "answercallbackquery":
                return string.IsNullOrEmpty(body["callback_query_id"] is JsonValue query && query.TryGetValue<string>(out var queryId) ? queryId : null)
                    ? Error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
                    : Ok(true);
            case "getfile":
                var fileId = body["file_id"] is JsonValue idValue && idValue.TryGetValue<string>(out var idText) ? idText : null;
                if (string.IsNullOrEmpty(fileId))
                {
                    return Error(400, "Bad Request: file_id is empty");
                }

                if (!_files.TryGetValue(fileId, out var file))
                {
                    return Error(400, "Bad Request: invalid file_id");
                }

                var size = file.AnnouncedSize ?? file.Bytes.LongLength;
                if (size > BotDownloadLimit)
                {
                    return Error(400, "Bad Request: file is too big");
                }

                return Ok(new JsonObject
                {
                    ["file_id"] = fileId,
                    ["file_unique_id"] = $"unique{Interlocked.Increment(ref _fileCounter)}",
                    ["file_size"] = size,
                    ["file_path"] = file.FilePath,
                });
        }

        if (!SendMethods.Contains(method))
        {
            return Error(404, "Not Found");
        }

        return SendMessage(bot, method, body);
    }

    private (int, JsonObject, TimeSpan?) SendMessage(JsonObject bot, string method, JsonObject body)
    {
        var chatId = body["chat_id"];
        if (chatId is null || chatId.ToJsonString() is "\"\"")
        {
            return Error(400, "Bad Request: chat_id is empty");
        }

        var text = (string?)body["text"];
        if (method.Equals("sendMessage", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrEmpty(text))
            {
                return Error(400, "Bad Request: message text is empty");
            }

            if (text.Length > MaxTextLength)
            {
                return Error(400, "Bad Request: message is too long");
            }
        }

        if (ButtonDataTooLong(body))
        {
            return Error(400, "Bad Request: BUTTON_DATA_INVALID");
        }

        var chatKey = chatId is JsonValue v && v.TryGetValue<string>(out var s) ? s : chatId.ToJsonString();
        var messageId = _lastMessageIdPerChat.AddOrUpdate(chatKey, 1, (_, last) => last + 1);
        var message = new JsonObject
        {
            ["message_id"] = messageId,
            ["from"] = bot,
            ["chat"] = ChatOf(chatKey),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        };

        var fileId = $"sent-file-{messageId}";
        switch (method.ToLowerInvariant())
        {
            case "sendmessage":
                message["text"] = text;
                break;
            case "sendphoto":
                message["photo"] = new JsonArray(new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = fileId, ["width"] = 90, ["height"] = 90 });
                break;
            case "sendlocation":
                message["location"] = new JsonObject { ["latitude"] = body["latitude"]?.DeepClone(), ["longitude"] = body["longitude"]?.DeepClone() };
                break;
            case "sendvenue":
                message["venue"] = new JsonObject { ["title"] = body["title"]?.DeepClone(), ["address"] = body["address"]?.DeepClone() };
                break;
            case "sendcontact":
                message["contact"] = new JsonObject { ["phone_number"] = body["phone_number"]?.DeepClone(), ["first_name"] = body["first_name"]?.DeepClone() };
                break;
            default:
                // sendDocument -> "document", sendVideoNote -> "video_note" ...
                var field = JsonNamingPolicy.SnakeCaseLower.ConvertName(method[4..]);
                message[field] = new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = fileId };
                break;
        }

        if (body["caption"] is { } caption)
        {
            message["caption"] = caption.DeepClone();
        }

        if (body["reply_markup"] is { } markup)
        {
            message["reply_markup"] = markup.DeepClone();
        }

        return Ok(message);
    }

    /// <summary>Telegram answers with the numeric chat id even when "@channelusername" was given.</summary>
    private static JsonObject ChatOf(string chatKey)
    {
        if (long.TryParse(chatKey, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
        {
            return new JsonObject { ["id"] = id, ["type"] = id < 0 ? "supergroup" : "private" };
        }

        var channelId = -1000000000000L - (long)(uint)StringComparer.Ordinal.GetHashCode(chatKey) % 1000000000L;
        return new JsonObject { ["id"] = channelId, ["type"] = "channel", ["username"] = chatKey.TrimStart('@') };
    }

    private static bool ButtonDataTooLong(JsonObject body) =>
        body["reply_markup"]?["inline_keyboard"] is JsonArray rows
        && rows.OfType<JsonArray>().SelectMany(row => row).Any(button =>
            button?["callback_data"] is JsonValue data && data.TryGetValue<string>(out var value) && Encoding.UTF8.GetByteCount(value) is 0 or > 64);

    private static (int, JsonObject, TimeSpan?) Ok(JsonNode result, string? description = null)
    {
        var answer = new JsonObject { ["ok"] = true, ["result"] = result };
        if (description is not null)
        {
            answer["description"] = description;
        }

        return (200, answer, null);
    }

    private static (int Status, JsonObject Answer, TimeSpan? Delay) Error(int status, string description) =>
        (status, new JsonObject { ["ok"] = false, ["error_code"] = status, ["description"] = description }, null);

    private void Record(TelegramApiCall call) => Recorded.Add(call);

    /// <summary>The Bot API takes query strings, form posts (fields holding JSON for objects) and JSON bodies alike.</summary>
    private static async Task<JsonObject> ReadBodyAsync(HttpRequest request)
    {
        var body = new JsonObject();
        foreach (var (key, value) in request.Query)
        {
            body[key] = FormValue(value.ToString());
        }

        if (request.HasJsonContentType())
        {
            var node = await JsonNode.ParseAsync(request.Body);
            if (node is JsonObject json)
            {
                foreach (var (key, value) in json.ToList())
                {
                    json.Remove(key);
                    body[key] = value;
                }
            }
        }
        else if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var (key, value) in form)
            {
                body[key] = FormValue(value.ToString());
            }

            foreach (var file in form.Files)
            {
                body[file.Name] = $"upload:{file.FileName}";
            }
        }

        return body;
    }

    private static JsonNode? FormValue(string value)
    {
        if (value.StartsWith('{') || value.StartsWith('['))
        {
            try
            {
                return JsonNode.Parse(value);
            }
            catch (JsonException)
            {
                // Not JSON after all: kept as the string it is.
            }
        }

        return JsonValue.Create(value);
    }
}
