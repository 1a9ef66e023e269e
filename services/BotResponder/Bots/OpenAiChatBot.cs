using System.Net.Http.Json;
using System.Text.Json.Serialization;
using DaprChannels.Contracts.Integrations;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.BotResponder.Bots;

/// <summary>
/// Any OpenAI-compatible chat completions API (<c>{Endpoint}/chat/completions</c>), with the
/// integration's <c>botApiKey</c> credential, <see cref="BotSettings.Model"/> and system prompt.
/// </summary>
public sealed class OpenAiChatBot(HttpClient http) : IBot
{
    public string Kind => BotKinds.OpenAi;

    public async Task<IReadOnlyList<MessageContent>> ReplyAsync(BotRequest request, CancellationToken cancellationToken)
    {
        if (request.Inbound.Message.Content is not TextContent text)
        {
            return [];
        }

        var settings = request.Settings;
        var endpoint = (settings.Endpoint ?? throw new InvalidOperationException("The chat bot has no endpoint configured.")).TrimEnd('/');
        var messages = new List<ChatMessage>();
        if (!string.IsNullOrEmpty(settings.SystemPrompt))
        {
            messages.Add(new ChatMessage("system", settings.SystemPrompt));
        }

        messages.Add(new ChatMessage("user", text.Text));
        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint + "/chat/completions")
        {
            Content = JsonContent.Create(new ChatRequest(settings.Model ?? "gpt-4o-mini", messages)),
        };
        if (request.Credentials.TryGetValue("botApiKey", out var key))
        {
            message.Headers.Authorization = new("Bearer", key);
        }

        using var response = await http.SendAsync(message, cancellationToken);
        response.EnsureSuccessStatusCode();
        var completion = await response.Content.ReadFromJsonAsync<ChatResponse>(cancellationToken);
        var answer = completion?.Choices?.FirstOrDefault()?.Message?.Content;
        return string.IsNullOrWhiteSpace(answer) ? [] : [new TextContent(answer.Trim())];
    }

    private sealed record ChatMessage([property: JsonPropertyName("role")] string Role, [property: JsonPropertyName("content")] string Content);

    private sealed record ChatRequest([property: JsonPropertyName("model")] string Model, [property: JsonPropertyName("messages")] IReadOnlyList<ChatMessage> Messages);

    private sealed record ChatChoice([property: JsonPropertyName("message")] ChatMessage? Message);

    private sealed record ChatResponse([property: JsonPropertyName("choices")] IReadOnlyList<ChatChoice>? Choices);
}
