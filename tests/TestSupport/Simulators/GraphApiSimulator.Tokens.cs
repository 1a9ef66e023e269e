namespace DaprChannels.TestSupport.Simulators;

/// <summary>
/// Token and subscription endpoints, with the documented success and error shapes:
/// <c>GET /{v}/debug_token</c> (app access token <c>{app-id}|{app-secret}</c>),
/// <c>GET /{v}/oauth/access_token?grant_type=fb_exchange_token</c>, <c>GET /{v}/{id}/subscribed_apps</c>
/// (Page shape, or the WhatsApp Business Account's <c>whatsapp_business_api_data</c> shape), and
/// Instagram's unversioned <c>GET /refresh_access_token?grant_type=ig_refresh_token</c>.
/// </summary>
public sealed partial class GraphApiSimulator
{
    public const string DebugTokenOperation = "debug_token";
    public const string ExchangeOperation = "oauth/access_token";
    public const string SubscribedAppsOperation = "subscribed_apps";
    public const string InstagramRefreshOperation = "refresh_access_token";

    /// <summary>About 60 days, as Meta documents for long-lived and renewed tokens.</summary>
    public const long LongLivedSeconds = 5_184_000;

    private readonly ConcurrentDictionary<string, string> _appSecrets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, GraphTokenFacts> _tokenFacts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<GraphSubscription>> _subscriptions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _businessAccounts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _issuedTokens = new();
    private long _tokenCounter;

    /// <summary>Tokens handed out by exchanges and Instagram renewals, in order.</summary>
    public IReadOnlyList<string> IssuedTokens => [.. _issuedTokens];

    /// <summary>A Meta app whose app access token <c>{appId}|{appSecret}</c> debug_token and the exchange accept.</summary>
    public GraphApiSimulator AddApp(string appId, string appSecret)
    {
        _appSecrets[appId] = appSecret;
        return this;
    }

    /// <summary>What debug_token says about <paramref name="token"/>; unset tokens are valid, never expire and carry no scopes.</summary>
    public GraphApiSimulator SetTokenFacts(string token, string appId, DateTimeOffset? expiresAt, IReadOnlyList<string> scopes, string type = "USER", DateTimeOffset? issuedAt = null)
    {
        _tokenFacts[token] = new GraphTokenFacts(appId, type, expiresAt, scopes, issuedAt ?? DateTimeOffset.UtcNow.AddDays(-30));
        return this;
    }

    /// <summary>Subscribes an app to a Page's or Instagram account's webhooks with <paramref name="fields"/>.</summary>
    public GraphApiSimulator Subscribe(string objectId, string appId, string appName, params string[] fields)
    {
        var list = _subscriptions.GetOrAdd(objectId, _ => []);
        lock (list)
        {
            list.Add(new GraphSubscription(appId, appName, fields));
        }

        return this;
    }

    /// <summary>Uninstalls every app from <paramref name="objectId"/>'s webhooks.</summary>
    public GraphApiSimulator Unsubscribe(string objectId)
    {
        _subscriptions.TryRemove(objectId, out _);
        return this;
    }

    /// <summary>A WhatsApp Business Account; its subscribed apps are listed without fields, as Meta lists them.</summary>
    public GraphApiSimulator AddBusinessAccount(string wabaId, params (string AppId, string AppName)[] subscribedApps)
    {
        _businessAccounts[wabaId] = 0;
        var list = _subscriptions.GetOrAdd(wabaId, _ => []);
        list.AddRange(subscribedApps.Select(a => new GraphSubscription(a.AppId, a.AppName, [])));
        return this;
    }

    private void MapTokenRoutes(WebApplication app)
    {
        app.MapGet("/{version}/debug_token", HandleDebugTokenAsync);
        app.MapGet("/{version}/oauth/access_token", HandleExchangeAsync);
        app.MapGet("/{version}/{id}/subscribed_apps", HandleSubscribedAppsAsync);
        app.MapGet("/refresh_access_token", HandleInstagramRefreshAsync);
        MapSubscribedAppsRoutes(app);
    }

    private bool IsLive(string? token) =>
        token is not null && _tokens.ContainsKey(token) && (!_tokenFacts.TryGetValue(token, out var facts) || facts.ExpiresAt is null || facts.ExpiresAt > DateTimeOffset.UtcNow);

    private bool IsAppToken(string? appToken) =>
        appToken?.Split('|', 2) is [var appId, var secret] && _appSecrets.TryGetValue(appId, out var known) && known == secret;

    private async Task HandleDebugTokenAsync(HttpContext context, string version)
    {
        var input = context.Request.Query["input_token"].ToString();
        var appToken = context.Request.Query["access_token"].ToString();
        var (status, answer, failure) = !IsAppToken(appToken)
            ? Error(400, 190, "Invalid OAuth access token signature.")
            : Scripted(DebugTokenOperation) ?? (200, new JsonObject { ["data"] = DebugData(input, appToken.Split('|')[0]) }, null);
        await AnswerAsync(context, "GET", [], null, status, answer, failure);
    }

    private JsonObject DebugData(string input, string appId)
    {
        var facts = _tokenFacts.TryGetValue(input, out var known) ? known : new GraphTokenFacts(appId, "SYSTEM_USER", null, [], DateTimeOffset.UtcNow.AddDays(-30));
        var data = new JsonObject
        {
            ["app_id"] = facts.AppId,
            ["type"] = facts.Type,
            ["application"] = "Simulated app",
            ["data_access_expires_at"] = DateTimeOffset.UtcNow.AddDays(90).ToUnixTimeSeconds(),
            ["expires_at"] = facts.ExpiresAt?.ToUnixTimeSeconds() ?? 0,
            ["is_valid"] = IsLive(input),
            ["issued_at"] = facts.IssuedAt.ToUnixTimeSeconds(),
            ["scopes"] = new JsonArray(facts.Scopes.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
            ["user_id"] = "10229012934039",
        };
        if (!IsLive(input))
        {
            data["error"] = new JsonObject
            {
                ["code"] = 190,
                ["message"] = "Error validating access token: Session has expired.",
                ["subcode"] = 463,
            };
        }

        return data;
    }

    private async Task HandleExchangeAsync(HttpContext context, string version)
    {
        var query = context.Request.Query;
        var appId = query["client_id"].ToString();
        var token = query["fb_exchange_token"].ToString();
        var (status, answer, failure) =
            query["grant_type"] != "fb_exchange_token" ? Error(400, 100, "Invalid grant_type")
            : !_appSecrets.TryGetValue(appId, out var secret) || secret != query["client_secret"].ToString() ? Error(400, 1, "Error validating client secret.")
            : Scripted(ExchangeOperation)
              ?? (IsLive(token) ? (200, Issue(token, "EAAsimLongLived"), null) : Error(400, 190, "Error validating access token: Session has expired.", subcode: 463));
        await AnswerAsync(context, "GET", [], null, status, answer, failure);
    }

    private async Task HandleInstagramRefreshAsync(HttpContext context)
    {
        var token = context.Request.Query["access_token"].ToString();
        // Meta refuses a token under 24 hours old; the shape of that refusal is not documented, this one is as reported in the field.
        var tooNew = _tokenFacts.TryGetValue(token, out var facts) && facts.IssuedAt > DateTimeOffset.UtcNow.AddHours(-24);
        var (status, answer, failure) =
            context.Request.Query["grant_type"] != "ig_refresh_token" ? Error(400, 100, "Invalid grant_type")
            : !IsLive(token) ? Error(400, 190, "Error validating access token: Session has expired.", subcode: 463)
            : Scripted(InstagramRefreshOperation)
              ?? (tooNew ? Error(400, 100, "Unsupported request - method type: get", "IGApiException") : (200, Issue(token, "IGAAsimRenewed"), null));
        await AnswerAsync(context, "GET", [], null, status, answer, failure);
    }

    private async Task HandleSubscribedAppsAsync(HttpContext context, string version, string id)
    {
        var token = BearerOf(context.Request);
        id = Resolve(id, token);
        var known = _subscriptions.ContainsKey(id) || _accounts.ContainsKey(id) || _businessAccounts.ContainsKey(id);
        var (status, answer, failure) =
            !IsLive(token) ? Error(401, 190, "Invalid OAuth access token - Cannot parse access token")
            : token is not null && _deniedSubscriptionPermission.TryGetValue(token, out var permission) ? Error(403, 200, $"(#200) Requires {permission} permission to manage the object")
            : Scripted(SubscribedAppsOperation)
              ?? (known ? (200, SubscribedApps(id), null) : Error(400, 100, $"Unsupported get request. Object with ID '{id}' does not exist", subcode: 33));
        await AnswerAsync(context, "GET", [], token, status, answer, failure);
    }

    private JsonObject SubscribedApps(string id)
    {
        var apps = SubscriptionsOf(id);
        var data = new JsonArray();
        foreach (var app in apps)
        {
            data.Add(_businessAccounts.ContainsKey(id)
                ? new JsonObject
                {
                    ["whatsapp_business_api_data"] = new JsonObject
                    {
                        ["id"] = app.AppId,
                        ["link"] = $"https://www.facebook.com/games/?app_id={app.AppId}",
                        ["name"] = app.AppName,
                    },
                }
                : new JsonObject
                {
                    ["category"] = "Business",
                    ["link"] = $"https://www.facebook.com/games/?app_id={app.AppId}",
                    ["name"] = app.AppName,
                    ["id"] = app.AppId,
                    ["subscribed_fields"] = new JsonArray(app.Fields.Select(f => (JsonNode)JsonValue.Create(f)).ToArray()),
                });
        }

        return new JsonObject { ["data"] = data };
    }

    /// <summary>A scripted failure for this call of <paramref name="operation"/>, in the error shape, or null.</summary>
    private (int, JsonObject, GraphSimulatedFailure?)? Scripted(string operation)
    {
        if (Failures.Next(operation) is not { StatusCode: not 200 } failure)
        {
            return null;
        }

        var (status, answer, _) = Error(failure.StatusCode, failure.Code, failure.Message, failure.Type, failure.Subcode);
        return (status, answer, failure);
    }

    /// <summary>A new token, valid for 60 days, standing for the same app, account and permissions as <paramref name="previous"/>.</summary>
    private JsonObject Issue(string previous, string prefix)
    {
        var token = $"{prefix}{Interlocked.Increment(ref _tokenCounter).ToString("D4", CultureInfo.InvariantCulture)}ZCsimulatedToken0123456789";
        var now = DateTimeOffset.UtcNow;
        var facts = _tokenFacts.TryGetValue(previous, out var known) ? known : new GraphTokenFacts("", "USER", null, [], now);
        _tokens[token] = 0;
        _tokenFacts[token] = facts with { ExpiresAt = now.AddSeconds(LongLivedSeconds), IssuedAt = now };
        if (_accountOfToken.TryGetValue(previous, out var account))
        {
            _accountOfToken[token] = account;
        }

        // An exchanged token carries the grants of the one it replaces.
        foreach (var owners in _tokensOfNumber.Values.Where(o => o.ContainsKey(previous)))
        {
            owners[token] = 0;
        }

        _issuedTokens.Enqueue(token);
        return new JsonObject { ["access_token"] = token, ["token_type"] = "bearer", ["expires_in"] = LongLivedSeconds };
    }
}
