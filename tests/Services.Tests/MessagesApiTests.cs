namespace DaprChannels.Services.Tests;

/// <summary>
/// Sending through the admin API and following the message: queued, sent or failed with the
/// platform's reason, then its delivery status as the platform reports it, in whatever order.
/// </summary>
public sealed class MessagesApiTests : GatewayTest
{
    private const string Contact = "16505551234";
    private GraphApiSimulator _graph = null!;
    private string _integrationId = null!;

    protected override async Task StartPlatformsAsync() => _graph = await StartWhatsAppAsync();

    protected override async Task ArrangeAsync()
    {
        _integrationId = (await IntegrationOperations.ConnectSucceededAsync(Owner, SampleIntegrations.WhatsApp("Agents' line", new { kind = "none" }))).Id;

        // The contact writes first, which opens the conversation (and WhatsApp's customer-service window).
        using var inbound = Signed(Delivery($$$"""
            "contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"{{{Contact}}}"}],
            "messages":[{"from":"{{{Contact}}}","id":"wamid.INBOUND1","timestamp":"{{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}}","type":"text","text":{"body":"Is anyone there?"}}]
            """));
        (await Host.Client.SendAsync(inbound)).StatusCode.Should().Be(HttpStatusCode.OK);
        await Host.WaitForConversationAsync(_integrationId, Contact);
    }

    [Fact]
    public async Task A_message_is_sent_once_per_idempotency_key_and_its_delivery_is_followed_forward_only()
    {
        var request = new
        {
            to = Contact,
            content = new { type = "text", text = "An agent here: how can I help?" },
            replyTo = "wamid.INBOUND1",
            idempotencyKey = "ticket-4711-reply-1",
        };
        var first = await AcceptAsync(request);
        var second = await AcceptAsync(request);
        second.Should().Be(first, "the same idempotency key names the same message");

        var view = await WaitForStateAsync(first, "sent");
        var platformId = view.GetProperty("platformMessageId").GetString();
        platformId.Should().StartWith("wamid.");
        await Task.Delay(500);
        _graph.Sends.Where(s => s.Field("text.body") == "An agent here: how can I help?").Should().ContainSingle();
        _graph.Sends.Single(s => s.Field("text.body") == "An agent here: how can I help?").Field("context.message_id").Should().Be("wamid.INBOUND1");

        // Read arrives before delivered: the message stays read.
        await PostStatusAsync(platformId!, "read", 1_750_263_800);
        await PostStatusAsync(platformId!, "delivered", 1_750_263_790);
        var delivered = await WaitForAsync(first, v => v.TryGetProperty("delivery", out var d) && d.ValueKind == JsonValueKind.Object
            && d.GetProperty("status").GetString() == "read");
        await Task.Delay(500);
        (await GetAsync(first)).GetProperty("delivery").GetProperty("status").GetString().Should().Be("read", delivered.ToString());
    }

    [Fact]
    public async Task A_refused_send_is_reported_failed_with_the_platform_reason()
    {
        _graph.FailNext(GraphApiSimulator.SendOperation, 1, new GraphSimulatedFailure(400, 131026, "(#131026) Message undeliverable"));
        var id = await AcceptAsync(new { to = Contact, content = new { type = "text", text = "This one will not arrive" } });

        var view = await WaitForStateAsync(id, "failed");
        view.GetProperty("errorCode").GetString().Should().NotBeNullOrEmpty();
        view.GetProperty("reason").GetString().Should().Contain("undeliverable");
        view.ToString().Should().NotContain(WhatsAppAccessToken);
    }

    [Fact]
    public async Task Bad_requests_get_a_reason_and_nothing_is_sent()
    {
        var sendsBefore = _graph.Sends.Count;
        using var noAddress = await Owner.PostAsJsonAsync(Path(), new { content = new { type = "text", text = "hi" } });
        await ShouldBeValidationProblemAsync(noAddress, "to");

        using var unknownType = await Owner.PostAsJsonAsync(Path(), new { to = Contact, content = new { type = "hologram", text = "hi" } });
        await ShouldBeValidationProblemAsync(unknownType, "content");

        using var insecureMedia = await Owner.PostAsJsonAsync(Path(), new { to = Contact, content = new { type = "media", kind = "image", url = "http://example.com/a.png" } });
        await ShouldBeValidationProblemAsync(insecureMedia, "content");

        using var emptyText = await Owner.PostAsJsonAsync(Path(), new { to = Contact, content = new { type = "text", text = " " } });
        await ShouldBeValidationProblemAsync(emptyText, "content");

        using var templateWithoutLanguage = await Owner.PostAsJsonAsync(Path(), new { to = Contact, content = new { type = "template", name = "order_update" } });
        await ShouldBeValidationProblemAsync(templateWithoutLanguage, "content");

        using var interactiveWithoutOptions = await Owner.PostAsJsonAsync(Path(), new { to = Contact, content = new { type = "interactive", body = "Pick one", style = "buttons" } });
        await ShouldBeValidationProblemAsync(interactiveWithoutOptions, "content");

        using var notANumber = await Owner.PostAsJsonAsync(Path(), new { to = "sheena@example.com", content = new { type = "text", text = "hi" } });
        await ShouldBeValidationProblemAsync(notANumber, "to");

        using var unknownOrigin = await Owner.PostAsJsonAsync(Path(), new { to = Contact, origin = "robot", content = new { type = "text", text = "hi" } });
        await ShouldBeValidationProblemAsync(unknownOrigin, "origin");

        using var unknownMessage = await Owner.GetAsync(Path() + "/api_0123456789abcdef");
        unknownMessage.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unknownMessage.Content.ReadAsStringAsync()).Should().Contain("Unknown message");

        await Task.Delay(300);
        _graph.Sends.Count.Should().Be(sendsBefore);
    }

    [Fact]
    public async Task A_number_written_with_plus_and_spaces_joins_the_contacts_conversation_and_its_open_window()
    {
        var id = await AcceptAsync(new { to = "+1 650-555-1234", content = new { type = "text", text = "Written the human way" } });

        await WaitForStateAsync(id, "sent");
        var send = _graph.Sends.Single(s => s.Field("text.body") == "Written the human way");
        send.Field("to").Should().Be(Contact);
        send.Field("type").Should().Be("text", "the contact wrote minutes ago, so free text is allowed, not a template");
    }

    [Fact]
    public async Task Another_tenant_can_neither_send_through_nor_read_this_integration()
    {
        var id = await AcceptAsync(new { to = Contact, content = new { type = "text", text = "Only for Acme" } });
        var (_, stranger) = await Host.CreateTenantAsync("Globex");
        using (stranger)
        {
            using var send = await stranger.PostAsJsonAsync(Path(), new { to = Contact, content = new { type = "text", text = "Hijack" } });
            send.StatusCode.Should().Be(HttpStatusCode.NotFound);
            using var read = await stranger.GetAsync($"{Path()}/{id}");
            read.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        await WaitForStateAsync(id, "sent");
        _graph.Sends.Should().NotContain(s => s.Field("text.body") == "Hijack");
    }

    private MessagesClient Messages => new(Owner, _integrationId);

    private string Path() => Messages.Path;

    private Task<string> AcceptAsync(object request) => Messages.AcceptAsync(request);

    private Task<JsonElement> GetAsync(string id) => Messages.GetAsync(id);

    private Task<JsonElement> WaitForStateAsync(string id, string state) => Messages.WaitForStateAsync(id, state);

    private Task<JsonElement> WaitForAsync(string id, Func<JsonElement, bool> condition) => Messages.WaitForAsync(id, condition);

    private async Task PostStatusAsync(string platformId, string status, long timestamp)
    {
        using var request = Signed(Delivery($$"""
            "statuses":[{"id":"{{platformId}}","status":"{{status}}","timestamp":"{{timestamp}}","recipient_id":"{{Contact}}"}]
            """));
        (await Host.Client.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static async Task ShouldBeValidationProblemAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out var reasons).Should().BeTrue(text);
        reasons[0].GetString().Should().NotBeNullOrWhiteSpace();
    }

    private static byte[] Delivery(string value) => Encoding.UTF8.GetBytes(
        $$"""{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"{{WhatsAppPhoneNumberId}}"},{{value}}},"field":"messages"}]}]}""");

    private HttpRequestMessage Signed(byte[] payload) => MetaInbound.Signed($"/webhooks/whatsapp/{_integrationId}", payload);
}
