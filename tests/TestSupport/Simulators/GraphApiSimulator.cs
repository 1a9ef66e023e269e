namespace DaprChannels.TestSupport.Simulators;

/// <summary>
/// A stand-in for graph.facebook.com's WhatsApp Cloud API on 127.0.0.1: serves
/// <c>POST /{version}/{phone-number-id}/messages</c> and <c>GET /{version}/{id}</c> with the documented
/// success and error shapes, checks the Bearer token, can be scripted to fail, and records every call.
/// It also serves the Messenger / Instagram Send API (<c>POST /{version}/{page-or-ig-id|me}/messages</c>)
/// and <c>GET /{version}/me</c> for the Pages and Instagram accounts added to it.
/// </summary>
public sealed partial class GraphApiSimulator : SimulatedPlatformApi<GraphApiCall, GraphSimulatedFailure>
{
    /// <summary>Operation names for <see cref="FailNext"/>.</summary>
    public const string SendOperation = "messages";
    public const string ReadOperation = "get";

    public const int MaxTextLength = 4096;

    private static readonly HashSet<string> MessageTypes = new(StringComparer.Ordinal)
    {
        "text", "image", "audio", "video", "document", "sticker", "location", "contacts", "interactive", "reaction", "template",
    };

    private readonly ConcurrentDictionary<string, GraphPhoneNumber> _numbers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, GraphMessagingAccount> _accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _accountOfToken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _tokensOfNumber = new(StringComparer.Ordinal);

    /// <summary>Further objects the other parts of the simulator serve at <c>GET /{version}/{id}</c>: id → answer for the requested fields.</summary>
    private readonly ConcurrentDictionary<string, Func<string, (int, JsonObject, GraphSimulatedFailure?)>> _readableObjects = new(StringComparer.Ordinal);
    private long _messageCounter;

    private GraphApiSimulator()
    {
    }

    public static async Task<GraphApiSimulator> StartAsync(CancellationToken cancellationToken = default)
    {
        var simulator = new GraphApiSimulator();
        await simulator.ListenAsync(app =>
        {
            app.MapPost("/{version}/{phoneNumberId}/messages", simulator.HandleSendAsync);
            app.MapGet("/{version}/{id}", simulator.HandleGetAsync);
            simulator.MapMediaRoutes(app);
            simulator.MapTokenRoutes(app);
            app.MapGet("/{version}/{id}/leadgen_forms", simulator.HandleLeadgenFormsAsync);
        }, cancellationToken);
        return simulator;
    }

    /// <summary>Makes <paramref name="token"/> valid and <paramref name="phoneNumberId"/> a business number it may use.</summary>
    public GraphApiSimulator AddPhoneNumber(string token, string phoneNumberId, string displayPhoneNumber, string verifiedName)
    {
        _tokens[token] = 0;
        _numbers[phoneNumberId] = new GraphPhoneNumber(phoneNumberId, displayPhoneNumber, verifiedName);
        _tokensOfNumber.GetOrAdd(phoneNumberId, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))[token] = 0;
        return this;
    }

    /// <summary>Makes <paramref name="token"/> a valid Page access token of <paramref name="pageId"/> (Messenger, text up to 2000).</summary>
    public GraphApiSimulator AddPage(string token, string pageId, string name) =>
        AddMessagingAccount(token, new GraphMessagingAccount(pageId, name, null, 2000));

    /// <summary>Makes <paramref name="token"/> a valid token of the Instagram account <paramref name="accountId"/> (text up to 1000).</summary>
    public GraphApiSimulator AddInstagramAccount(string token, string accountId, string username) =>
        AddMessagingAccount(token, new GraphMessagingAccount(accountId, null, username, 1000));

    private GraphApiSimulator AddMessagingAccount(string token, GraphMessagingAccount account)
    {
        _tokens[token] = 0;
        _accounts[account.Id] = account;
        _accountOfToken[token] = account.Id;
        return this;
    }

    /// <summary>Revokes a token, as a password change or a removed system user does.</summary>
    public void RevokeToken(string token) => _tokens.TryRemove(token, out _);

    protected override bool IsSend(GraphApiCall call) => call.Method == "POST" && call.Path.EndsWith("/messages", StringComparison.Ordinal) && !IsSignal(call);

    private async Task HandleSendAsync(HttpContext context, string version, string phoneNumberId)
    {
        JsonObject body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            body = [];
        }

        var token = BearerOf(context.Request);
        var id = Resolve(phoneNumberId, token);
        var refused = Authorize(token, id, SendOperation, out var slow);
        var (status, answer, failure) = refused ?? (_accounts.TryGetValue(id, out var account) ? SendMessaging(account, body) : Send(id, body));
        await AnswerAsync(context, "POST", body, token, status, answer, failure ?? slow);
    }

    private async Task HandleGetAsync(HttpContext context, string version, string id)
    {
        var token = BearerOf(context.Request);
        id = Resolve(id, token);
        if (await TryHandleMediaGetAsync(context, id, token))
        {
            return;
        }

        var refused = Authorize(token, id, ReadOperation, out var slow);
        var fields = context.Request.Query["fields"].ToString();
        var (status, answer, failure) = refused ?? (_readableObjects.TryGetValue(id, out var read) ? read(fields)
            : _accounts.TryGetValue(id, out var account) ? ReadAccount(account, fields) : Read(id, fields));
        await AnswerAsync(context, "GET", [], token, status, answer, failure ?? slow);
    }

    private async Task AnswerAsync(HttpContext context, string method, JsonObject body, string? token, int status, JsonObject answer, GraphSimulatedFailure? failure)
    {
        Record(new GraphApiCall(method, context.Request.Path.Value ?? "", context.Request.QueryString.Value, body,
            context.Request.Headers.Authorization.Count > 0, token, DateTimeOffset.UtcNow, status));
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

    /// <summary>Null when the call may proceed; otherwise the error (bad token, unknown number, a scripted failure).</summary>
    /// <param name="slow">A scripted delay before an otherwise normal answer.</param>
    private (int, JsonObject, GraphSimulatedFailure?)? Authorize(string? token, string id, string operation, out GraphSimulatedFailure? slow)
    {
        slow = null;
        if (token is null || !_tokens.ContainsKey(token))
        {
            return Error(401, 190, "Invalid OAuth access token - Cannot parse access token");
        }

        var failure = Failures.Next(operation);

        if (failure is { StatusCode: not 200 })
        {
            var (status, answer, _) = Error(failure.StatusCode, failure.Code, failure.Message, failure.Type, failure.Subcode);
            return (status, answer, failure);
        }

        if (!_numbers.ContainsKey(id) && !_accounts.ContainsKey(id) && !_readableObjects.ContainsKey(id))
        {
            return Error(400, 100, $"Unsupported request - method type: {operation}. Object with ID '{id}' does not exist", subcode: 33);
        }

        // Graph answers a business number only to tokens granted its WhatsApp Business Account, an Instagram
        // account only to its own token, and acts as a Page only with that Page's token; a Page's public
        // fields stay readable by any valid token.
        var foreignNumber = _tokensOfNumber.TryGetValue(id, out var owners) && !owners.ContainsKey(token);
        var foreignAccount = _accounts.TryGetValue(id, out var account)
            && (operation != ReadOperation || account.Username is not null)
            && _accountOfToken.GetValueOrDefault(token) != id;
        if (foreignNumber || foreignAccount)
        {
            return Error(400, 100,
                $"Unsupported {operation} request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation",
                subcode: 33);
        }

        slow = failure;
        return null;
    }

    /// <summary>"me" is the Page or account the token belongs to.</summary>
    private string Resolve(string id, string? token) =>
        id == "me" && token is not null && _accountOfToken.TryGetValue(token, out var owner) ? owner : id;

    private static (int, JsonObject, GraphSimulatedFailure?) ReadAccount(GraphMessagingAccount account, string fields)
    {
        var answer = new JsonObject { ["id"] = account.Id };
        foreach (var field in fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            answer[field] = field switch
            {
                "id" => account.Id,
                "name" => account.Name,
                "username" => account.Username,
                _ => null,
            };
        }

        return (200, answer, null);
    }

    /// <summary>The Send API's documented rules: a recipient, a messaging type, text within the limit, up to 13 quick replies, one attachment by URL, or a sender action.</summary>
    private (int, JsonObject, GraphSimulatedFailure?) SendMessaging(GraphMessagingAccount account, JsonObject body)
    {
        var recipient = (string?)body["recipient"]?["id"];
        if (string.IsNullOrEmpty(recipient))
        {
            return Error(400, 100, "(#100) The parameter recipient is required");
        }

        if ((string?)body["sender_action"] is { } action)
        {
            switch (action)
            {
                case "typing_on" or "typing_off" or "mark_seen":
                    return (200, new JsonObject { ["recipient_id"] = recipient }, null);
                case "react" or "unreact":
                    if (body["payload"]?["message_id"] is null || (action == "react" && string.IsNullOrEmpty((string?)body["payload"]?["reaction"])))
                    {
                        return Error(400, 100, "(#100) payload.message_id and, to react, payload.reaction are required");
                    }

                    return (200, new JsonObject { ["recipient_id"] = recipient }, null);
                default:
                    return Error(400, 100, "(#100) Invalid sender_action");
            }
        }

        if ((string?)body["messaging_type"] is not ("RESPONSE" or "UPDATE" or "MESSAGE_TAG"))
        {
            return Error(400, 100, "(#100) The parameter messaging_type is required");
        }

        if (body["message"] is not JsonObject message)
        {
            return Error(400, 100, "(#100) The parameter message is required");
        }

        if (InvalidMessagingMessage(message, account.MaxTextLength) is { } problem)
        {
            return Error(400, 100, $"(#100) {problem}");
        }

        var id = $"m_SIM{Interlocked.Increment(ref _messageCounter).ToString("D6", CultureInfo.InvariantCulture)}";
        return (200, new JsonObject { ["recipient_id"] = recipient, ["message_id"] = id }, null);
    }

    private static string? InvalidMessagingMessage(JsonObject message, int maxTextLength)
    {
        var text = (string?)message["text"];
        var attachment = message["attachment"];
        if ((text is null) == (attachment is null))
        {
            return "message needs exactly one of text and attachment";
        }

        if (text is not null && (text.Length == 0 || text.Length > maxTextLength))
        {
            return $"Length of param message[text] must be 1-{maxTextLength} characters";
        }

        if (attachment is not null)
        {
            if ((string?)attachment["type"] is not ("image" or "audio" or "video" or "file" or "template"))
            {
                return "Invalid attachment type";
            }

            if (string.IsNullOrEmpty((string?)attachment["payload"]?["url"]) && attachment["payload"]?["attachment_id"] is null)
            {
                return "attachment payload needs a url";
            }
        }

        if (message["quick_replies"] is JsonNode quickReplies)
        {
            if (quickReplies is not JsonArray { Count: > 0 and <= 13 } replies)
            {
                return "quick_replies must number 1 to 13";
            }

            if (replies.Any(r => ((string?)r?["title"])?.Length is null or 0 or > 20 || ((string?)r?["payload"])?.Length is null or 0 or > 1000))
            {
                return "quick reply titles must be 1-20 characters with a payload of 1-1000";
            }
        }

        return null;
    }

    private (int, JsonObject, GraphSimulatedFailure?) Read(string id, string fields)
    {
        var number = _numbers[id];
        var answer = new JsonObject { ["id"] = number.Id };
        foreach (var field in fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            answer[field] = field switch
            {
                "display_phone_number" => number.DisplayPhoneNumber,
                "verified_name" => number.VerifiedName,
                "quality_rating" => "GREEN",
                _ => null,
            };
        }

        return (200, answer, null);
    }

    private (int, JsonObject, GraphSimulatedFailure?) Send(string phoneNumberId, JsonObject body)
    {
        if (RefuseCloudApiMessage(body) is { } refusal)
        {
            return (refusal.Status, refusal.Answer, null);
        }

        if ((string?)body["status"] != "read")
        {
            var type = (string?)body["type"] ?? "text";
            if (RefuseTemplateOrClosedWindow((string)body["to"]!, type, body[type]!) is { } windowRefusal)
            {
                return windowRefusal;
            }
        }

        return (200, CloudApiSendAnswer(body, () => $"wamid.SIM{Interlocked.Increment(ref _messageCounter).ToString("D6", CultureInfo.InvariantCulture)}"), null);
    }

    /// <summary>The documented limits the real API enforces, so a sender that ignores them fails here too.</summary>
    private static string? Invalid(string type, JsonNode payload)
    {
        switch (type)
        {
            case "text":
                var text = (string?)payload["body"];
                return string.IsNullOrEmpty(text) ? "text.body is empty" : text.Length > MaxTextLength ? "text.body is too long" : null;
            case "image" or "audio" or "video" or "document" or "sticker":
                if ((payload["id"] is null) == (payload["link"] is null))
                {
                    return "media needs exactly one of id and link";
                }

                return type is "audio" or "sticker" && payload["caption"] is not null ? $"{type} takes no caption" : null;
            case "location":
                return payload["latitude"] is null || payload["longitude"] is null ? "latitude and longitude are required" : null;
            case "reaction":
                return payload["message_id"] is null ? "reaction.message_id is required" : null;
            case "contacts":
                return payload is not JsonArray { Count: > 0 } cards || cards.Any(c => c?["name"]?["formatted_name"] is null)
                    ? "contacts need name.formatted_name"
                    : null;
            case "interactive":
                return InvalidInteractive(payload);
        }

        return null;
    }

    private static string? InvalidInteractive(JsonNode interactive)
    {
        if (string.IsNullOrEmpty((string?)interactive["body"]?["text"]))
        {
            return "interactive.body.text is required";
        }

        switch ((string?)interactive["type"])
        {
            case "button":
                var buttons = interactive["action"]?["buttons"] as JsonArray;
                if (buttons is null || buttons.Count is 0 or > 3)
                {
                    return "reply buttons must number 1 to 3";
                }

                return buttons.Any(b => ((string?)b?["reply"]?["title"])?.Length is null or 0 or > 20) ? "button titles must be 1-20 characters" : null;
            case "list":
                var sections = interactive["action"]?["sections"] as JsonArray;
                var rows = sections?.SelectMany(s => s?["rows"] as JsonArray ?? []).ToList() ?? [];
                if (sections is null || sections.Count is 0 or > 10 || rows.Count is 0 or > 10)
                {
                    return "a list holds 1 to 10 rows";
                }

                if (sections.Count > 1 && sections.Any(s => s?["title"] is null))
                {
                    return "sections need titles when there are several";
                }

                if (((string?)interactive["action"]?["button"])?.Length is null or 0 or > 20)
                {
                    return "the list button text must be 1-20 characters";
                }

                return rows.Any(r => ((string?)r?["title"])?.Length is null or 0 or > 24) ? "row titles must be 1-24 characters" : null;
            default:
                return "unknown interactive type";
        }
    }

    private static (int, JsonObject, GraphSimulatedFailure?) Error(int status, int code, string message, string type = "OAuthException", int? subcode = null)
    {
        var error = new JsonObject
        {
            ["message"] = message,
            ["type"] = type,
            ["code"] = code,
            ["fbtrace_id"] = "AbCdEfSimulated",
        };
        if (subcode is { } sub)
        {
            error["error_subcode"] = sub;
        }

        return (status, new JsonObject { ["error"] = error }, null);
    }

    private static string? BearerOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) && header.Length > 7 ? header[7..] : null;
    }

    private void Record(GraphApiCall call) => Recorded.Add(call);
}
