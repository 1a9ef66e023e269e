namespace DaprChannels.TestSupport.Simulators;

/// <summary>One request the Graph API simulator received: method, path, body, whether a Bearer token came, and the status it answered.</summary>
public sealed record GraphApiCall(
    string Method,
    string Path,
    string? Query,
    JsonObject Body,
    bool AuthorizationPresent,
    string? BearerToken,
    DateTimeOffset ReceivedAt,
    int StatusCode)
{
    /// <summary>A value at a dotted path of the body ("text.body", "interactive.action.buttons"), as a string, or null.</summary>
    public string? Field(string dottedPath)
    {
        JsonNode? node = Body;
        foreach (var part in dottedPath.Split('.'))
        {
            node = node is JsonObject obj ? obj[part] : null;
        }

        return node switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }

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
