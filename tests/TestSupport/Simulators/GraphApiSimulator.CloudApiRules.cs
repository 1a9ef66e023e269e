namespace DaprChannels.TestSupport.Simulators;

public sealed partial class GraphApiSimulator
{
    /// <summary>
    /// Null when the Cloud API would accept <paramref name="body"/> on <c>/messages</c>; otherwise the
    /// status and Meta error object it answers with. Shared with simulators of providers that relay
    /// the Cloud API unchanged (360dialog), so every sender meets the same rules.
    /// </summary>
    internal static (int Status, JsonObject Answer)? RefuseCloudApiMessage(JsonObject body)
    {
        (int, JsonObject) Refuse((int Status, JsonObject Answer, GraphSimulatedFailure? _) error) => (error.Status, error.Answer);

        if ((string?)body["messaging_product"] != "whatsapp")
        {
            return Refuse(Error(400, 100, "(#100) The parameter messaging_product is required."));
        }

        if ((string?)body["status"] == "read")
        {
            return body["message_id"] is null ? Refuse(Error(400, 100, "(#100) The parameter message_id is required.")) : null;
        }

        if (string.IsNullOrEmpty((string?)body["to"]))
        {
            return Refuse(Error(400, 100, "(#100) The parameter to is required."));
        }

        var type = (string?)body["type"] ?? "text";
        if (!MessageTypes.Contains(type) || body[type] is not JsonNode payload)
        {
            return Refuse(Error(400, 100, $"(#100) The parameter {type} is required."));
        }

        return Invalid(type, payload) is { } problem
            ? Refuse(Error(400, 131009, $"(#131009) Parameter value is not valid: {problem}"))
            : null;
    }

    /// <summary>The documented success answer: <c>{"success": true}</c> for a read receipt, the message id otherwise.</summary>
    /// <param name="nextMessageId">Called only for a message, so read receipts use up no message ids.</param>
    internal static JsonObject CloudApiSendAnswer(JsonObject body, Func<string> nextMessageId)
    {
        if ((string?)body["status"] == "read")
        {
            return new JsonObject { ["success"] = true };
        }

        var to = (string)body["to"]!;
        return new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["contacts"] = new JsonArray(new JsonObject { ["input"] = to, ["wa_id"] = to.TrimStart('+') }),
            ["messages"] = new JsonArray(new JsonObject { ["id"] = nextMessageId() }),
        };
    }
}
