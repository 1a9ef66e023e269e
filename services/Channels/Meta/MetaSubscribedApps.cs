using System.Text.Json;
using System.Text.Json.Nodes;

namespace DaprChannels.Channels.Meta;

/// <summary>An app subscribed to an object's webhooks, with the fields it gets (empty when Meta does not list them, as for a WABA); Id is empty when not named.</summary>
public sealed record MetaSubscribedApp(string Id, string? Name, IReadOnlyList<string> Fields);

/// <summary>The subscription call and the apps it listed; <see cref="Apps"/> is empty when the call failed.</summary>
public sealed record MetaSubscriptionList(GraphCallResult Call, IReadOnlyList<MetaSubscribedApp> Apps)
{
    public MetaSubscribedApp? Find(string appId) => Apps.FirstOrDefault(a => a.Id == appId);
}

/// <summary>
/// An app's subscription to an object's webhooks (a Page, an Instagram account, a WhatsApp Business Account), made
/// with the object's token, which stands for the app it was issued to.
/// <para>Check: <c>GET /{object-id}/subscribed_apps</c>. A Page lists
/// <c>{"data":[{"id","name","subscribed_fields":[..]}]}</c>; a WhatsApp Business Account lists
/// <c>{"data":[{"whatsapp_business_api_data":{"id","name","link"}}]}</c>. Both shapes are read.</para>
/// <para>Subscribe: <c>POST /{object-id}/subscribed_apps?subscribed_fields=a,b</c> (a WhatsApp Business Account takes
/// no fields: they are the app's); remove: <c>DELETE /{object-id}/subscribed_apps</c>. Both answer
/// <c>{"success":true}</c>. The call takes no URL: Meta delivers to the callback URL set once in the app dashboard.</para>
/// <para>"Where the token may": Meta refusing the call to this token (a permission it lacks, such as
/// pages_manage_metadata) is no failure; the result says what to do by hand. A call that could not be made
/// (timeout, 5xx, rate limit) fails, to be tried again.</para>
/// </summary>
public sealed class MetaSubscribedApps(GraphApiClient graph)
{
    public const string Path = "subscribed_apps";

    /// <summary>The key under which integrations share an object's subscription: Graph ids are unique across Pages, Instagram accounts and WhatsApp Business Accounts.</summary>
    public static string SharedObject(string objectId) => $"meta:{objectId}";

    /// <param name="what">The object for people: "the Page 123".</param>
    /// <param name="fields">The webhook fields to receive; empty for a WhatsApp Business Account.</param>
    public async Task<WebhookResult> SubscribeAsync(string accessToken, string objectId, IReadOnlyList<string> fields, string what, CancellationToken cancellationToken)
    {
        var call = $"{objectId}/{Path}" + (fields.Count == 0 ? "" : $"?subscribed_fields={string.Join(',', fields)}");
        var result = await graph.PostAsync(accessToken, call, new JsonObject(), cancellationToken);
        var details = new Dictionary<string, string> { ["subscribedFields"] = string.Join(',', fields) };
        return Interpret(result, accessToken, details,
            done: fields.Count == 0 ? $"The app is subscribed to the webhooks of {what}." : $"The app is subscribed to the webhooks of {what} ({string.Join(", ", fields)}).",
            refused: $"subscribe the app by hand: POST /{call}",
            failed: $"Subscribing the app to the webhooks of {what} failed");
    }

    /// <summary>Removes the token's app from the object's webhooks; an app that was not subscribed is removed too (Meta answers success).</summary>
    public async Task<WebhookResult> UnsubscribeAsync(string accessToken, string objectId, string what, CancellationToken cancellationToken)
    {
        var result = await graph.DeleteAsync(accessToken, $"{objectId}/{Path}", cancellationToken);
        return Interpret(result, accessToken, new Dictionary<string, string>(),
            done: $"The app no longer receives the webhooks of {what}.",
            refused: $"remove the app's subscription by hand: DELETE /{objectId}/{Path}",
            failed: $"Removing the app from the webhooks of {what} failed");
    }

    /// <summary>A client error other than a rate limit is Meta refusing this token the call; anything else may pass on a retry.</summary>
    public static bool IsRefusal(GraphCallResult result) =>
        result.Outcome == GraphCallOutcome.ApiError
        && result.HttpStatus is >= 400 and < 500 and not 429
        && !(result.ErrorCode is { } code && GraphErrorMapping.RateLimitCodes.Contains(code));

    private static WebhookResult Interpret(GraphCallResult result, string accessToken, Dictionary<string, string> details, string done, string refused, string failed)
    {
        if (result.IsOk)
        {
            return result.Body.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.False
                ? WebhookResult.Failed($"{failed}: Meta answered success false.", details)
                : WebhookResult.Done(done, details);
        }

        details["errorCode"] = result.ErrorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? result.Outcome.ToString();
        var message = GraphErrorMapping.Scrub(result.Message, accessToken);
        return IsRefusal(result)
            ? WebhookResult.LeftToHand($"Meta refused the call to this token ({message}): {refused}", details)
            : WebhookResult.Failed($"{failed}: {message}", details);
    }

    public async Task<MetaSubscriptionList> ListAsync(string accessToken, string objectId, CancellationToken cancellationToken)
    {
        var call = await graph.GetAsync(accessToken, $"{objectId}/subscribed_apps", cancellationToken);
        return new MetaSubscriptionList(call, call.IsOk ? Read(call.Body) : []);
    }

    public static IReadOnlyList<MetaSubscribedApp> Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var apps = new List<MetaSubscribedApp>();
        foreach (var item in data.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
        {
            var app = item.TryGetProperty("whatsapp_business_api_data", out var wa) && wa.ValueKind == JsonValueKind.Object ? wa : item;
            // Instagram's list for one account names the fields and may leave the app out.
            var id = PlatformJson.TextOrNumber(app, "id") ?? PlatformJson.TextOrNumber(app, "app_id") ?? "";
            var fields = item.TryGetProperty("subscribed_fields", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(FieldName).OfType<string>().ToList()
                : [];
            apps.Add(new MetaSubscribedApp(id, PlatformJson.TextOrNumber(app, "name"), fields));
        }

        return apps;
    }

    /// <summary>A field is a name, or on some objects <c>{"name": ..}</c>.</summary>
    private static string? FieldName(JsonElement field) => field.ValueKind switch
    {
        JsonValueKind.String => field.GetString(),
        JsonValueKind.Object => PlatformJson.TextOrNumber(field, "name"),
        _ => null,
    };
}
