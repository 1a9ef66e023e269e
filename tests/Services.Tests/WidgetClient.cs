using System.Net.Http.Headers;
using System.Threading.Channels;

namespace DaprChannels.Services.Tests;

/// <summary>What the embed script does, from a test: start a session, post messages, read replies off the event stream.</summary>
public sealed class WidgetClient : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly string _integrationId;
    private readonly Channel<JsonElement> _replies = Channel.CreateUnbounded<JsonElement>();
    private readonly CancellationTokenSource _stop = new();
    private Task? _reader;

    private WidgetClient(HttpClient http, string integrationId, string visitorId, string token)
    {
        _http = http;
        _integrationId = integrationId;
        VisitorId = visitorId;
        Token = token;
    }

    public string VisitorId { get; }

    public string Token { get; }

    public static async Task<WidgetClient> StartAsync(Uri baseAddress, string integrationId)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var response = await http.PostAsync($"/widget/{integrationId}/sessions", null);
        response.EnsureSuccessStatusCode();
        var session = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new WidgetClient(http, integrationId, session.GetProperty("visitorId").GetString()!, session.GetProperty("token").GetString()!);
    }

    /// <summary>Opens the reply stream on <paramref name="streamBase"/> (another replica, if given).</summary>
    public async Task ListenAsync(Uri? streamBase = null)
    {
        var url = new Uri(streamBase ?? _http.BaseAddress!, $"/widget/{_integrationId}/events?token={Uri.EscapeDataString(Token)}");
        var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
        response.EnsureSuccessStatusCode();
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var stream = await response.Content.ReadAsStreamAsync(_stop.Token);
        _reader = Task.Run(async () =>
        {
            using var reader = new StreamReader(stream);
            string? eventName = null;
            try
            {
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    if (line.StartsWith("event: ", StringComparison.Ordinal))
                    {
                        eventName = line["event: ".Length..];
                    }
                    else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventName == "reply")
                    {
                        await _replies.Writer.WriteAsync(JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone());
                    }
                    else if (line.Length == 0)
                    {
                        eventName = null;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                response.Dispose();
            }
        });
    }

    public async Task<HttpResponseMessage> SendAsync(string text, string? id = null, Uri? to = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(to ?? _http.BaseAddress!, $"/widget/{_integrationId}/messages"))
        {
            Content = JsonContent.Create(new { id = id ?? "m_" + Guid.NewGuid().ToString("N"), text }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return await _http.SendAsync(request);
    }

    public async Task<JsonElement> NextReplyAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        return await _replies.Reader.ReadAsync(cts.Token);
    }

    public bool TryReadReply(out JsonElement reply) => _replies.Reader.TryRead(out reply);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_reader is not null)
        {
            await _reader;
        }

        _http.Dispose();
        _stop.Dispose();
    }
}
