using System.Text.Json;

namespace DaprChannels.Channels.Meta;

/// <summary>An app subscribed to an object's webhooks, with the fields it gets (empty when Meta does not list them, as for a WABA); Id is empty when not named.</summary>
public sealed record MetaSubscribedApp(string Id, string? Name, IReadOnlyList<string> Fields);

/// <summary>The subscription call and the apps it listed; <see cref="Apps"/> is empty when the call failed.</summary>
public sealed record MetaSubscriptionList(GraphCallResult Call, IReadOnlyList<MetaSubscribedApp> Apps)
{
    public MetaSubscribedApp? Find(string appId) => Apps.FirstOrDefault(a => a.Id == appId);
}

/// <summary>
/// Subscription check: <c>GET /{object-id}/subscribed_apps</c> with the object's token. A Page lists
/// <c>{"data":[{"id","name","subscribed_fields":[..]}]}</c>; a WhatsApp Business Account lists
/// <c>{"data":[{"whatsapp_business_api_data":{"id","name","link"}}]}</c>. Both shapes are read.
/// </summary>
public sealed class MetaSubscribedApps(GraphApiClient graph)
{
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
            var id = Text(app, "id") ?? Text(app, "app_id") ?? "";
            var fields = item.TryGetProperty("subscribed_fields", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(FieldName).OfType<string>().ToList()
                : [];
            apps.Add(new MetaSubscribedApp(id, Text(app, "name"), fields));
        }

        return apps;
    }

    /// <summary>A field is a name, or on some objects <c>{"name": ..}</c>.</summary>
    private static string? FieldName(JsonElement field) => field.ValueKind switch
    {
        JsonValueKind.String => field.GetString(),
        JsonValueKind.Object => Text(field, "name"),
        _ => null,
    };

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
