using System.Text.Json;
using System.Text.Json.Nodes;
using DaprChannels.Channels.Abstractions;
using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.WhatsApp;

/// <summary>The Cloud API calls this channel makes, on top of the shared Graph API client.</summary>
public sealed class WhatsAppApiClient(GraphApiClient graph) : ICloudApiMessagesEndpoint
{
    public const string MessagingProduct = "whatsapp";

    /// <summary>POST /{phone-number-id}/messages with <c>messaging_product</c> set.</summary>
    public Task<GraphCallResult> SendMessageAsync(string accessToken, string phoneNumberId, JsonObject body, CancellationToken cancellationToken)
    {
        body["messaging_product"] = MessagingProduct;
        return graph.PostAsync(accessToken, $"{phoneNumberId}/messages", body, cancellationToken);
    }

    public SendResult ToFailure(GraphCallResult result, IReadOnlyList<string>? degradations, string credential) =>
        GraphErrorMapping.ToFailure(result, degradations, credential);

    /// <summary>Marks a received message as read (blue ticks), as the Cloud API documents it.</summary>
    public Task<GraphCallResult> MarkAsReadAsync(string accessToken, string phoneNumberId, string messageId, CancellationToken cancellationToken) =>
        SendMessageAsync(accessToken, phoneNumberId, new JsonObject { ["status"] = "read", ["message_id"] = messageId }, cancellationToken);

    /// <summary>The number's details: proves the token can use this number.</summary>
    public Task<GraphCallResult> GetPhoneNumberAsync(string accessToken, string phoneNumberId, CancellationToken cancellationToken) =>
        graph.GetAsync(accessToken, $"{phoneNumberId}?fields=display_phone_number,verified_name", cancellationToken);

    /// <summary>messages[0].id of a send answer; read leniently, because the message is out by now.</summary>
    public static string? SentMessageId(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object
        && body.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array && messages.GetArrayLength() > 0
        && messages[0].ValueKind == JsonValueKind.Object && messages[0].TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
}
