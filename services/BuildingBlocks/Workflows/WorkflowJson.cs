namespace DaprChannels.BuildingBlocks.Workflows;

/// <summary>Inputs, outputs, events and custom status as JSON text in <see cref="EventJson.Options"/>, as both engines keep them.</summary>
internal static class WorkflowJson
{
    public static string? Serialize(object? value) =>
        value is null ? null : JsonSerializer.Serialize(value, value.GetType(), EventJson.Options);

    public static string? Serialize(object? value, Type declaredType) =>
        value is null ? null : JsonSerializer.Serialize(value, declaredType == typeof(object) ? value.GetType() : declaredType, EventJson.Options);

    public static object? Deserialize(string? json, Type type) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize(json, type, EventJson.Options);

    public static T Deserialize<T>(string? json) =>
        string.IsNullOrEmpty(json) ? default! : JsonSerializer.Deserialize<T>(json, EventJson.Options)!;

    public static JsonElement? ToElement(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Null ? null : document.RootElement.Clone();
    }
}
