namespace DaprChannels.Services.Tests;

/// <summary>
/// Messenger conversations through the messages API: read receipts name a time ("read up to"), not
/// messages, so every message sent before the watermark becomes read; and after the 24-hour window
/// only a person's reply, tagged HUMAN_AGENT, may still go out (for 7 days).
/// </summary>
public sealed class MessengerConversationTests : GatewayTest
{
    private const string Psid = "6543210987654321";
    private GraphApiSimulator _graph = null!;
    private string _integrationId = null!;

    protected override async Task StartPlatformsAsync()
    {
        _graph = await StartGraphAsync();
        _graph.AddPage(PageAccessToken, MessengerPageId, "Acme Outdoor");
    }

    protected override async Task ArrangeAsync()
    {
        _integrationId = (await IntegrationOperations.ConnectSucceededAsync(Owner, SampleIntegrations.Messenger("Acme Page", new { kind = "none" }))).Id;

        using var inbound = Signed(MetaInbound.MessengerText(MessengerPageId, Psid, "m_INBOUND_1", "Do you ship to Canada?", DateTimeOffset.UtcNow));
        (await Host.Client.SendAsync(inbound)).StatusCode.Should().Be(HttpStatusCode.OK);
        await Host.WaitForConversationAsync(_integrationId, Psid);
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
        (await Host.Client.SendAsync(read)).StatusCode.Should().Be(HttpStatusCode.OK);

        await WaitForAsync(first, v => DeliveryOf(v) == "read");
        await WaitForAsync(second, v => DeliveryOf(v) == "read");
        await Task.Delay(500);
        DeliveryOf(await GetAsync(third)).Should().BeNull("it was sent after the watermark");
    }

    [Fact]
    public async Task Three_days_after_the_contacts_last_message_only_a_persons_reply_goes_out_tagged_as_one()
    {
        const string quietPsid = "6543210987650000";
        using var old = Signed(MetaInbound.MessengerText(MessengerPageId, quietPsid, "m_OLD_1", "Any update?", DateTimeOffset.UtcNow.AddDays(-3)));
        (await Host.Client.SendAsync(old)).StatusCode.Should().Be(HttpStatusCode.OK);
        await Host.WaitForConversationAsync(_integrationId, quietPsid);

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

    private MessagesClient Messages => new(Owner, _integrationId);

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
            $$$"""{"object":"page","entry":[{"id":"{{{MessengerPageId}}}","time":{{{ms + 5}}},"messaging":[{"sender":{"id":"{{{Psid}}}"},"recipient":{"id":"{{{MessengerPageId}}}"},"timestamp":{{{ms + 5}}},"read":{"watermark":{{{ms}}}}}]}]}""");
    }

    private HttpRequestMessage Signed(byte[] payload) => MetaInbound.Signed($"/webhooks/messenger/{_integrationId}", payload);
}
