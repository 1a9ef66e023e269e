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

    /// <summary>A delivery's body read as <typeparamref name="T"/>; a body that is no JSON of that shape is a <see cref="FormatException"/> naming the delivery.</summary>
    /// <param name="what">What the body is, as the error names it ("Telegram update").</param>
    /// <param name="shape">Whose shape it must have: a platform's "documented" one, or the gateway's own "expected" one.</param>
    public static T? ReadDelivery<T>(ReadOnlySpan<byte> body, JsonSerializerOptions options, string what, string shape = "documented")
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, options);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The {what} is not valid JSON of the {shape} shape.", e);
        }
    }

    /// <summary>A string property of an answer's body; null when the body is no object or the property no string.</summary>
    public static string? Text(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A property that is a string, or a number taken as its text (ids Meta sends either way); null otherwise.</summary>
    public static string? TextOrNumber(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    /// <summary>
    /// One top-level property read straight off the bytes without building the rest of the body, so a delivery can
    /// be recognised cheaply. Null when the body is no JSON object, has no such property, or it cannot be read
    /// (<see cref="InvalidOperationException"/>: text that does not decode, such as an unpaired surrogate escape).
    /// </summary>
    /// <param name="read">Reads the property's value, the reader standing on it.</param>
    public static string? ReadTopLevelProperty(ReadOnlySpan<byte> body, ReadOnlySpan<byte> name, TokenReader read)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isWanted = reader.ValueTextEquals(name);
                if (!reader.Read())
                {
                    return null;
                }

                if (isWanted)
                {
                    return read(ref reader);
                }

                reader.Skip();
            }

            return null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    public delegate string? TokenReader(ref Utf8JsonReader reader);
}
