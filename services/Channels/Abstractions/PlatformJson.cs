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
}
