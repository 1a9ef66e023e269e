using System.Net.Http.Json;
using DaprChannels.BuildingBlocks;

namespace DaprChannels.BotResponder.Bots;

/// <summary>
/// A bot behind the business's own HTTP endpoint: POSTs the inbound event and reads
/// <c>{"replies":[MessageContent...]}</c>. An optional <c>botApiKey</c> credential is sent as a bearer token.
/// The endpoint is the tenant's, so the call goes through the outbound-URL policy: a refused target,
/// a redirect or an oversized answer is an <see cref="OutboundRefusedException"/>.
/// </summary>
public sealed class HttpBot(OutboundHttpClient http) : IBot
{
    public string Kind => BotKinds.Http;

    public async Task<IReadOnlyList<MessageContent>> ReplyAsync(BotRequest request, CancellationToken cancellationToken)
    {
        var endpoint = OutboundUrlPolicy.RequireAbsoluteUrl(request.Settings.Endpoint, "The HTTP bot's endpoint");
        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = JsonContent.Create(request.Inbound, options: EventJson.Options),
        };
        if (request.Credentials.TryGetValue("botApiKey", out var key))
        {
            message.Headers.Authorization = new("Bearer", key);
        }

        var response = await http.SendAsync(message, cancellationToken);
        var body = response.EnsureSuccess().ReadJson<HttpBotResponse>(EventJson.Options);
        return body?.Replies ?? [];
    }

    private sealed record HttpBotResponse(IReadOnlyList<MessageContent>? Replies);
}
