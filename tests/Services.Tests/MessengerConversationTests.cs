namespace DaprChannels.Services.Tests;

/// <summary>
/// Messenger conversations through the messages API: read receipts name a time ("read up to"), not
/// messages, so every message sent before the watermark becomes read; and after the 24-hour window
/// only a person's reply, tagged HUMAN_AGENT, may still go out (for 7 days).
/// </summary>
public sealed class MessengerConversationTests : IAsyncLifetime
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
        _integrationId = (await IntegrationOperations.ConnectSucceededAsync(_owner, new
        {
            platform = "messenger",
            name = "Acme Page",
            config = new { pageId = PageId },
            credentials = new { pageAccessToken = PageToken, appSecret = AppSecret },
            bot = new { kind = "none" },
        })).Id;

        using var inbound = Signed(MetaInbound.MessengerText(PageId, Psid, "m_INBOUND_1", "Do you ship to Canada?", DateTimeOffset.UtcNow));
        (await _host.Client.SendAsync(inbound)).StatusCode.Should().Be(HttpStatusCode.OK);
        await _host.WaitForConversationAsync(_integrationId, Psid);
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

    [Fact]
    public async Task Three_days_after_the_contacts_last_message_only_a_persons_reply_goes_out_tagged_as_one()
    {
        const string quietPsid = "6543210987650000";
        using var old = Signed(MetaInbound.MessengerText(PageId, quietPsid, "m_OLD_1", "Any update?", DateTimeOffset.UtcNow.AddDays(-3)));
        (await _host.Client.SendAsync(old)).StatusCode.Should().Be(HttpStatusCode.OK);
        await _host.WaitForConversationAsync(_integrationId, quietPsid);

        var automated = await AcceptAsync(quietPsid, "Automated follow-up", "auto-1", "api");
        var failed = await WaitForAsync(automated, v => v.GetProperty("state").GetString() == "failed");
        failed.GetProperty("errorCode").GetString().Should().Be("outside_customer_service_window");

        var human = await AcceptAsync(quietPsid, "Sorry for the wait, it ships tomorrow.", "agent-1", "agent");
        await WaitForAsync(human, v => v.GetProperty("state").GetString() == "sent");
        var send = _graph.Sends.Single(s => s.Field("message.text") == "Sorry for the wait, it ships tomorrow.");
        send.Field("messaging_type").Should().Be("MESSAGE_TAG");
        send.Field("tag").Should().Be("HUMAN_AGENT");
        _graph.Sends.Should().NotContain(s => s.Field("message.text") == "Automated follow-up");
    }

    private MessagesClient Messages => new(_owner, _integrationId);

    private static string? DeliveryOf(JsonElement view) => MessagesClient.DeliveryOf(view);

    private async Task<string> SendAndWaitAsync(string text, string key)
    {
        var id = await AcceptAsync(Psid, text, key, "api");
        await Messages.WaitForStateAsync(id, "sent");
        return id;
    }

    private Task<string> AcceptAsync(string to, string text, string key, string origin) =>
        Messages.AcceptAsync(new { to, idempotencyKey = key, origin, content = new { type = "text", text } });

    private Task<JsonElement> GetAsync(string id) => Messages.GetAsync(id);

    private Task<JsonElement> WaitForAsync(string id, Func<JsonElement, bool> condition) => Messages.WaitForAsync(id, condition);

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
