using System.Text.Json;
using System.Text.Json.Nodes;

namespace DaprChannels.Channels.Meta.CloudApi;

/// <summary>What every Cloud API messages endpoint shares, whoever hosts it (Meta, 360dialog).</summary>
public static class CloudApiMessages
{
    /// <summary>The <c>messaging_product</c> every message body carries.</summary>
    public const string MessagingProduct = "whatsapp";

    /// <summary>messages[0].id of a send answer; read leniently, because the message is out by now.</summary>
    public static string? SentMessageId(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object
        && body.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array && messages.GetArrayLength() > 0
        && messages[0].ValueKind == JsonValueKind.Object && messages[0].TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;

    /// <summary>
    /// Marks a received message as read, as the Cloud API documents it; with <paramref name="showTyping"/> the same
    /// call shows a typing indicator, which WhatsApp dismisses at the next reply or after 25 seconds.
    /// </summary>
    public static JsonObject ReadReceipt(string messageId, bool showTyping)
    {
        var body = new JsonObject { ["status"] = "read", ["message_id"] = messageId };
        if (showTyping)
        {
            body["typing_indicator"] = new JsonObject { ["type"] = "text" };
        }

        return body;
    }
}
