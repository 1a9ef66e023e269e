using System.Text.Json;

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
}
