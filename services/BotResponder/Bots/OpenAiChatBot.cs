using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace DaprChannels.BotResponder.Bots;

/// <summary>
/// Any OpenAI-compatible chat completions API (<c>{Endpoint}/chat/completions</c>), with the
/// integration's <c>botApiKey</c> credential, <see cref="BotSettings.Model"/> and system prompt.
/// Its answer goes to the contact, so the endpoint must pass the outbound-URL policy on every call:
/// otherwise a tenant could read the gateway's own network back through the chat.
/// </summary>
public sealed class OpenAiChatBot(OutboundHttpClient http) : IBot
{
    public string Kind => BotKinds.OpenAi;

    public async Task<IReadOnlyList<MessageContent>> ReplyAsync(BotRequest request, CancellationToken cancellationToken)
    {
        if (request.Inbound.Message.Content is not TextContent text)
        {
            return [];
        }

        var settings = request.Settings;
        var endpoint = OutboundUrlPolicy.RequireAbsoluteUrl(
            settings.Endpoint is { Length: > 0 } configured ? configured.TrimEnd('/') + "/chat/completions" : null, "The chat bot's endpoint");
        var messages = new List<ChatMessage>();
        if (!string.IsNullOrEmpty(settings.SystemPrompt))
        {
            messages.Add(new ChatMessage("system", settings.SystemPrompt));
        }

        messages.Add(new ChatMessage("user", text.Text));
        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = JsonContent.Create(new ChatRequest(settings.Model ?? "gpt-4o-mini", messages)),
        };
        if (request.Credentials.TryGetValue("botApiKey", out var key))
        {
            message.Headers.Authorization = new("Bearer", key);
        }

        var response = await http.SendAsync(message, cancellationToken);
        var completion = response.EnsureSuccess().ReadJson<ChatResponse>();
        var answer = completion?.Choices?.FirstOrDefault()?.Message?.Content;
        return string.IsNullOrWhiteSpace(answer) ? [] : [new TextContent(answer.Trim())];
    }

    private sealed record ChatMessage([property: JsonPropertyName("role")] string Role, [property: JsonPropertyName("content")] string Content);

    private sealed record ChatRequest([property: JsonPropertyName("model")] string Model, [property: JsonPropertyName("messages")] IReadOnlyList<ChatMessage> Messages);

    private sealed record ChatChoice([property: JsonPropertyName("message")] ChatMessage? Message);

    private sealed record ChatResponse([property: JsonPropertyName("choices")] IReadOnlyList<ChatChoice>? Choices);
}
