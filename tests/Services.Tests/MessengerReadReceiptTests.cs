using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DaprChannels.Channels.Meta;
using DaprChannels.TestSupport.Simulators;

namespace DaprChannels.Services.Tests;

/// <summary>
/// Messenger's read receipts name a time ("read up to"), not messages: every message sent to that
/// person before the watermark becomes read, later ones stay as they were.
/// </summary>
public sealed class MessengerReadReceiptTests : IAsyncLifetime
{
    private const string PageId = "104758392011299";
    private const string Psid = "6543210987654321";
    private const string PageToken = "EAAJZCmessengerReadReceiptsPageToken0123456789";
    private const string AppSecret = "1f2e3d4c5b6a79880897a6b5c4d3e2f1";
    private GraphApiSimulator _graph = null!;
    private GatewayHost _host = null!;
    private HttpClient _owner = null!;
    private string _integrationId = null!;

    public async Task InitializeAsync()
    {
        _graph = await GraphApiSimulator.StartAsync();
        _graph.AddPage(PageToken, PageId, "Acme Outdoor");
        _host = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Channels:Meta:BaseUrl"] = _graph.BaseUrl.ToString() });
        (_, _owner) = await _host.CreateTenantAsync();
        using var created = await _owner.PostAsJsonAsync("/api/v1/integrations", new
        {
            platform = "messenger",
            name = "Acme Page",
            config = new { pageId = PageId },
            credentials = new { pageAccessToken = PageToken, appSecret = AppSecret },
            bot = new { kind = "none" },
        });
        var text = await created.Content.ReadAsStringAsync();
        created.StatusCode.Should().Be(HttpStatusCode.Created, text);
        _integrationId = JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;

        using var inbound = Signed(MetaInbound.MessengerText(PageId, Psid, "m_INBOUND_1", "Do you ship to Canada?", DateTimeOffset.UtcNow));
        (await _host.Client.SendAsync(inbound)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        await _host.DisposeAsync();
        await _graph.DisposeAsync();
    }

    [Fact]
    public async Task A_watermark_marks_the_messages_sent_before_it_read_and_leaves_later_ones()
    {
        var first = await SendAndWaitAsync("We do, within 5 days.", "reply-1");
        var second = await SendAndWaitAsync("Anything else?", "reply-2");
        var watermark = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        var third = await SendAndWaitAsync("Sent after the watermark.", "reply-3");

        using var read = Signed(ReadReceipt(watermark));
        (await _host.Client.SendAsync(read)).StatusCode.Should().Be(HttpStatusCode.OK);

        await WaitForAsync(first, v => DeliveryOf(v) == "read");
        await WaitForAsync(second, v => DeliveryOf(v) == "read");
        await Task.Delay(500);
        DeliveryOf(await GetAsync(third)).Should().BeNull("it was sent after the watermark");
    }

    private static string? DeliveryOf(JsonElement view) =>
        view.TryGetProperty("delivery", out var delivery) && delivery.ValueKind == JsonValueKind.Object ? delivery.GetProperty("status").GetString() : null;

    private async Task<string> SendAndWaitAsync(string text, string key)
    {
        using var response = await _owner.PostAsJsonAsync($"/api/v1/integrations/{_integrationId}/messages",
            new { to = Psid, idempotencyKey = key, content = new { type = "text", text } });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        await WaitForAsync(id, v => v.GetProperty("state").GetString() == "sent");
        return id;
    }

    private async Task<JsonElement> GetAsync(string id)
    {
        using var response = await _owner.GetAsync($"/api/v1/integrations/{_integrationId}/messages/{id}");
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task WaitForAsync(string id, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonElement view;
        do
        {
            view = await GetAsync(id);
            if (condition(view))
            {
                return;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        throw new Xunit.Sdk.XunitException($"Message {id} never reached the expected state; last seen: {view}");
    }

    /// <summary>The documented message_reads event: the person read everything sent before the watermark.</summary>
    private static byte[] ReadReceipt(DateTimeOffset watermark)
    {
        var ms = watermark.ToUnixTimeMilliseconds();
        return Encoding.UTF8.GetBytes(
            $$$"""{"object":"page","entry":[{"id":"{{{PageId}}}","time":{{{ms + 5}}},"messaging":[{"sender":{"id":"{{{Psid}}}"},"recipient":{"id":"{{{PageId}}}"},"timestamp":{{{ms + 5}}},"read":{"watermark":{{{ms}}}}}]}]}""");
    }

    private HttpRequestMessage Signed(byte[] payload)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/messenger/{_integrationId}")
        {
            Content = new ByteArrayContent(payload) { Headers = { ContentType = new("application/json") } },
        };
        request.Headers.Add("X-Hub-Signature-256", MetaSignatureVerifier.SignatureHeaderValue(AppSecret, payload));
        return request;
    }
}
