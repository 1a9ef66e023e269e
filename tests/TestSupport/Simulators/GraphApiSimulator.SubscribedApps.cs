namespace DaprChannels.TestSupport.Simulators;

/// <summary>
/// Subscribing and removing an app at an object's webhooks, as Meta documents them for a Page, an Instagram account
/// and a WhatsApp Business Account: <c>POST /{v}/{id}/subscribed_apps?subscribed_fields=a,b</c> (a Page or account
/// needs the fields; a WABA takes none) and <c>DELETE /{v}/{id}/subscribed_apps</c>, both answering
/// <c>{"success":true}</c>. The app is the one the token was issued to (its debug_token facts, else
/// <see cref="DefaultAppId"/>); a POST replaces that app's fields. A token lacking the permission
/// (<see cref="DenySubscriptions"/>) gets Meta's <c>(#200)</c> permissions error on GET, POST and DELETE.
/// </summary>
public sealed partial class GraphApiSimulator
{
    public const string SubscribeOperation = "subscribed_apps:post";
    public const string UnsubscribeOperation = "subscribed_apps:delete";

    /// <summary>The app a token stands for when its facts name none.</summary>
    public const string DefaultAppId = "1000000000000001";
    public const string DefaultAppName = "Simulated app";

    private readonly ConcurrentDictionary<string, string> _deniedSubscriptionPermission = new(StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="token"/> lacks <paramref name="permission"/> (pages_manage_metadata for a Page,
    /// whatsapp_business_management for a WABA): Meta refuses it the object's subscribed_apps.
    /// </summary>
    public GraphApiSimulator DenySubscriptions(string token, string permission = "pages_manage_metadata")
    {
        _deniedSubscriptionPermission[token] = permission;
        return this;
    }

    /// <summary>The apps subscribed to <paramref name="objectId"/>'s webhooks now.</summary>
    public IReadOnlyList<GraphSubscription> SubscriptionsOf(string objectId)
    {
        if (!_subscriptions.TryGetValue(objectId, out var list))
        {
            return [];
        }

        lock (list)
        {
            return [.. list];
        }
    }

    private void MapSubscribedAppsRoutes(WebApplication app)
    {
        app.MapPost("/{version}/{id}/subscribed_apps", HandleSubscribeAsync);
        app.MapDelete("/{version}/{id}/subscribed_apps", HandleUnsubscribeAsync);
    }

    private async Task HandleSubscribeAsync(HttpContext context, string version, string id)
    {
        var token = BearerOf(context.Request);
        id = Resolve(id, token);
        var isBusinessAccount = _businessAccounts.ContainsKey(id);
        var fields = context.Request.Query["subscribed_fields"].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var (status, answer, failure) =
            Refusal(token, id)
            ?? Scripted(SubscribeOperation)
            ?? (!isBusinessAccount && fields.Length == 0
                ? Error(400, 100, "(#100) The parameter subscribed_fields is required.")
                : Subscribed(id, token!, fields));
        await AnswerAsync(context, "POST", [], token, status, answer, failure);
    }

    private async Task HandleUnsubscribeAsync(HttpContext context, string version, string id)
    {
        var token = BearerOf(context.Request);
        id = Resolve(id, token);
        var (status, answer, failure) = Refusal(token, id) ?? Scripted(UnsubscribeOperation) ?? Unsubscribed(id, token!);
        await AnswerAsync(context, "DELETE", [], token, status, answer, failure);
    }

    /// <summary>A dead token, an object Meta does not know, or a token without the permission; null when the call may proceed.</summary>
    private (int, JsonObject, GraphSimulatedFailure?)? Refusal(string? token, string id)
    {
        if (!IsLive(token))
        {
            return Error(401, 190, "Invalid OAuth access token - Cannot parse access token");
        }

        if (!_subscriptions.ContainsKey(id) && !_accounts.ContainsKey(id) && !_businessAccounts.ContainsKey(id))
        {
            return Error(400, 100, $"Unsupported post request. Object with ID '{id}' does not exist", subcode: 33);
        }

        return _deniedSubscriptionPermission.TryGetValue(token!, out var permission)
            ? Error(403, 200, $"(#200) Requires {permission} permission to manage the object")
            : null;
    }

    private (int, JsonObject, GraphSimulatedFailure?) Subscribed(string id, string token, string[] fields)
    {
        var (appId, appName) = AppOf(token);
        var list = _subscriptions.GetOrAdd(id, _ => []);
        lock (list)
        {
            list.RemoveAll(s => s.AppId == appId);
            list.Add(new GraphSubscription(appId, appName, fields));
        }

        return (200, new JsonObject { ["success"] = true }, null);
    }

    private (int, JsonObject, GraphSimulatedFailure?) Unsubscribed(string id, string token)
    {
        var (appId, _) = AppOf(token);
        if (_subscriptions.TryGetValue(id, out var list))
        {
            lock (list)
            {
                list.RemoveAll(s => s.AppId == appId);
            }
        }

        return (200, new JsonObject { ["success"] = true }, null);
    }

    private (string AppId, string AppName) AppOf(string token) =>
        _tokenFacts.TryGetValue(token, out var facts) && !string.IsNullOrEmpty(facts.AppId) ? (facts.AppId, DefaultAppName) : (DefaultAppId, DefaultAppName);
}
