namespace DaprChannels.TestSupport.Simulators;

/// <summary>One request the Telegram simulator received, with the status it answered and the W3C trace context it carried.</summary>
public sealed record TelegramApiCall(string Token, string Method, JsonObject Body, DateTimeOffset ReceivedAt, int StatusCode, string? TraceParent = null)
{
    /// <summary>A body field as a string (numbers and strings alike), or null.</summary>
    public string? Field(string name) => Body[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonNode node => node.ToJsonString(),
    };
}
