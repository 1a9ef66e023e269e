using System.Net.Http.Json;
using DaprChannels.BuildingBlocks;
using DaprChannels.Contracts.Integrations;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.BotResponder.Bots;

/// <summary>
/// A bot behind the business's own HTTP endpoint: POSTs the inbound event and reads
/// <c>{"replies":[MessageContent...]}</c>. An optional <c>botApiKey</c> credential is sent as a bearer token.
/// </summary>
public sealed class HttpBot(HttpClient http) : IBot
{
    public string Kind => BotKinds.Http;

    public async Task<IReadOnlyList<MessageContent>> ReplyAsync(BotRequest request, CancellationToken cancellationToken)
    {
        var endpoint = request.Settings.Endpoint
                       ?? throw new InvalidOperationException("The HTTP bot has no endpoint configured.");
        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = JsonContent.Create(request.Inbound, options: EventJson.Options),
        };
        if (request.Credentials.TryGetValue("botApiKey", out var key))
        {
            message.Headers.Authorization = new("Bearer", key);
        }

        using var response = await http.SendAsync(message, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<HttpBotResponse>(EventJson.Options, cancellationToken);
        return body?.Replies ?? [];
    }

    private sealed record HttpBotResponse(IReadOnlyList<MessageContent>? Replies);
}
