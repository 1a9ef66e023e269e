using System.Text.Json;

namespace DaprChannels.Deployment.Tests.Support;

public static class JsonNodeExtensions
{
    /// <summary>Follows a dotted path of object keys; null when any step is missing.</summary>
    public static JsonNode? At(this JsonNode? node, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(key, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? Text(this JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static bool IsString(this JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String;

    public static IEnumerable<JsonNode?> Items(this JsonNode? node) => node as JsonArray ?? [];

    /// <summary>Dapr component metadata (<c>spec.metadata</c>) as name → entry.</summary>
    public static IReadOnlyDictionary<string, JsonObject> ComponentMetadata(this JsonNode? component) =>
        component.At("spec", "metadata").Items()
            .OfType<JsonObject>()
            .ToDictionary(m => m["name"].Text() ?? "", m => m);

    public static string? MetadataValue(this JsonNode? component, string name) =>
        component.ComponentMetadata().TryGetValue(name, out var entry) ? entry["value"].Text() : null;
}
