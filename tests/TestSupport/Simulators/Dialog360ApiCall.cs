namespace DaprChannels.TestSupport.Simulators;

/// <summary>One request the 360dialog simulator received: method, path, body, the D360-API-KEY it carried, and the status it answered.</summary>
public sealed record Dialog360ApiCall(
    string Method,
    string Path,
    string? Query,
    JsonObject Body,
    string? ApiKey,
    bool AuthorizationHeaderPresent,
    DateTimeOffset ReceivedAt,
    int StatusCode)
{
    /// <summary>A value at a dotted path of the body ("text.body", "headers.X-Custom"), as a string, or null.</summary>
    public string? Field(string dottedPath) => Node(dottedPath) switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        var node => node.ToJsonString(),
    };

    public JsonNode? Node(string dottedPath)
    {
        JsonNode? node = Body;
        foreach (var part in dottedPath.Split('.'))
        {
            node = node is JsonObject obj ? obj[part] : null;
        }

        return node;
    }
}
