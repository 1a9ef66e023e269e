using System.Text.Json;
using System.Text.Json.Nodes;
using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.Meta.Messaging;

/// <summary>
/// The Send API calls of the Messenger Platform, on top of a Graph API client. Instagram Messaging
/// uses the same bodies against its own host, so it builds one of these over its own client.
/// </summary>
public sealed class MessengerApiClient(GraphApiClient graph)
{
    public const string MessagingTypeResponse = "RESPONSE";
    public const string MessagingTypeMessageTag = "MESSAGE_TAG";
    public const string HumanAgentTag = "HUMAN_AGENT";

    /// <summary>Sender actions: the typing bubble on and off, and the contact's messages marked seen.</summary>
    public const string TypingOn = "typing_on";
    public const string TypingOff = "typing_off";
    public const string MarkSeen = "mark_seen";

    /// <summary>The webhook field without which nothing arrives, on a Page and on an Instagram account alike.</summary>
    public const string MessagesField = "messages";

    /// <summary>POST /{id}/messages, where id is the Page (Messenger) or the Instagram account.</summary>
    public Task<GraphCallResult> SendMessageAsync(string accessToken, string accountId, JsonObject body, CancellationToken cancellationToken) =>
        graph.PostAsync(accessToken, $"{accountId}/messages", body, cancellationToken);

    /// <summary>typing_on, typing_off or mark_seen, shown to the user in the thread.</summary>
    public Task<GraphCallResult> SendActionAsync(string accessToken, string accountId, string recipientId, string action, CancellationToken cancellationToken) =>
        SendMessageAsync(accessToken, accountId, new JsonObject
        {
            ["recipient"] = new JsonObject { ["id"] = recipientId },
            ["sender_action"] = action,
        }, cancellationToken);

    /// <summary>GET /{id}?fields=...: proves the token can act for this Page or account.</summary>
    public Task<GraphCallResult> GetAccountAsync(string accessToken, string id, string fields, CancellationToken cancellationToken) =>
        graph.GetAsync(accessToken, $"{id}?fields={fields}", cancellationToken);

    /// <summary>message_id of a send answer; read leniently, because the message is out by now.</summary>
    public static string? SentMessageId(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("message_id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
}
