using System.Text.Json;
using System.Text.Json.Serialization;

namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// The JSON shape most platform APIs use (Telegram's Bot API, Meta's Graph API): snake_case names,
/// absent rather than null, numbers accepted when sent as strings.
/// </summary>
public static class PlatformJson
{
    public static readonly JsonSerializerOptions SnakeCase = CreateSnakeCase();

    /// <summary>The snake_case options with a platform's own additions, frozen after <paramref name="customize"/>.</summary>
    public static JsonSerializerOptions CreateSnakeCase(Action<JsonSerializerOptions>? customize = null)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
        };
        customize?.Invoke(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>A string property of an answer's body; null when the body is no object or the property no string.</summary>
    public static string? Text(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
