namespace DaprChannels.TestSupport.Simulators;

/// <summary>
/// WhatsApp message templates and the 24-hour customer-service window: templates must be added
/// (name, approved translation, number of body variables) before they can be sent, and free-form
/// messages to a contact whose window was closed are refused with 131047, as the Cloud API does.
/// </summary>
public sealed partial class GraphApiSimulator
{
    private readonly ConcurrentDictionary<(string Name, string Language), int> _templates = new();
    private readonly ConcurrentDictionary<string, byte> _closedWindows = new(StringComparer.Ordinal);

    /// <summary>Approves template <paramref name="name"/> in <paramref name="language"/> with <paramref name="bodyParameters"/> body variables.</summary>
    public GraphApiSimulator AddTemplate(string name, string language, int bodyParameters = 0)
    {
        _templates[(name, language)] = bodyParameters;
        return this;
    }

    /// <summary>More than 24 hours have passed since <paramref name="to"/> last wrote: only templates reach them.</summary>
    public void CloseWindow(string to) => _closedWindows[to] = 0;

    /// <summary><paramref name="to"/> wrote again.</summary>
    public void OpenWindow(string to) => _closedWindows.TryRemove(to, out _);

    /// <summary>Null when the message may go; otherwise the Cloud API's answer to a closed window or a bad template.</summary>
    private (int, JsonObject, GraphSimulatedFailure?)? RefuseTemplateOrClosedWindow(string to, string type, JsonNode payload)
    {
        if (type != "template")
        {
            return _closedWindows.ContainsKey(to)
                ? ErrorWithDetails(400, 131047, "(#131047) Re-engagement message",
                    "Message failed to send because more than 24 hours have passed since the customer last replied to this number.")
                : null;
        }

        var name = (string?)payload["name"];
        var language = (string?)payload["language"]?["code"];
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(language))
        {
            return ErrorWithDetails(400, 131008, "(#131008) Required parameter is missing", "template.name and template.language.code are required");
        }

        if (!_templates.TryGetValue((name, language), out var expected))
        {
            return ErrorWithDetails(404, 132001, "(#132001) Template name does not exist in the translation", $"template name ({name}) does not exist in {language}");
        }

        var components = payload["components"] as JsonArray ?? [];
        var parameters = components.Where(c => (string?)c?["type"] == "body").SelectMany(c => c?["parameters"] as JsonArray ?? []).ToList();
        if (parameters.Count != expected)
        {
            return ErrorWithDetails(400, 132000, "(#132000) Number of parameters does not match the expected number of params",
                $"body: number of localizable_params ({parameters.Count}) does not match the expected number of params ({expected})");
        }

        var texts = components.SelectMany(c => c?["parameters"] as JsonArray ?? []).Select(p => (string?)p?["text"]);
        if (texts.Any(t => t is null || t.Length == 0 || t.IndexOfAny(['\n', '\r', '\t']) >= 0 || t.Contains("     ", StringComparison.Ordinal)))
        {
            return ErrorWithDetails(400, 132018, "(#132018) There was an issue with the parameters in your template",
                "Param text cannot be empty or have new-line/tab characters or more than 4 consecutive spaces");
        }

        return null;
    }

    /// <summary>The documented error shape with <c>error_data</c>, as WhatsApp errors carry it.</summary>
    private static (int, JsonObject, GraphSimulatedFailure?) ErrorWithDetails(int status, int code, string message, string details)
    {
        var (httpStatus, answer, failure) = Error(status, code, message);
        answer["error"]!["error_data"] = new JsonObject { ["messaging_product"] = "whatsapp", ["details"] = details };
        return (httpStatus, answer, failure);
    }
}
