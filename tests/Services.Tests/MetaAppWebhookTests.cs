namespace DaprChannels.Services.Tests;

/// <summary>One Meta app for every tenant: deliveries to /webhooks/meta are routed by phone number id.</summary>
public sealed class MetaAppWebhookTests : GatewayTest
{
    private GraphApiSimulator _graph = null!;

    protected override bool WithTenant => false;

    protected override async Task StartPlatformsAsync()
    {
        _graph = await StartGraphAsync();
        _graph.AddPhoneNumber("token-acme-0123456789", "106540352242922", "+1 555-078-3881", "Acme");
        _graph.AddPhoneNumber("token-globex-0123456789", "999999999999999", "+1 555-000-9999", "Globex");
        await PlatformSecretsAsync(new Dictionary<string, string> { ["meta-app-secret"] = PlatformAppSecret, ["meta-verify-token"] = PlatformVerifyToken });
    }

    protected override async Task ArrangeAsync()
    {
        await ConnectAsync("Acme", "106540352242922", "token-acme-0123456789");
        await ConnectAsync("Globex", "999999999999999", "token-globex-0123456789");
    }

    [Fact]
    public async Task The_app_level_callback_is_verified_with_the_platform_verify_token()
    {
        using var right = await Host.Client.GetAsync($"/webhooks/meta?hub.mode=subscribe&hub.challenge=42&hub.verify_token={PlatformVerifyToken}");
        right.StatusCode.Should().Be(HttpStatusCode.OK);
        (await right.Content.ReadAsStringAsync()).Should().Be("42");
        (await Host.Client.GetAsync("/webhooks/meta?hub.mode=subscribe&hub.challenge=42&hub.verify_token=x")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_batch_spanning_two_tenants_numbers_is_answered_from_each_number()
    {
        // Replies are free text, which WhatsApp takes only within 24 hours of the contact's message.
        var payload = MetaInbound.WithTimestampsAt(
            await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Root, "tests", "Channels.Tests", "WhatsApp", "Payloads", "batched.json")), DateTimeOffset.UtcNow);

        using var forged = Post(payload, "not-the-app-secret");
        (await Host.Client.SendAsync(forged)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        using var genuine = Post(payload, PlatformAppSecret);
        (await Host.Client.SendAsync(genuine)).StatusCode.Should().Be(HttpStatusCode.OK);

        await _graph.WaitForSendsAsync(4, TimeSpan.FromSeconds(15));
        await Task.Delay(300);
        var sends = _graph.Sends;
        sends.Should().Contain(s => s.Path.Contains("106540352242922") && s.Field("text.body") == "You said: first");
        sends.Should().Contain(s => s.Path.Contains("106540352242922") && s.Field("text.body") == "You said: second");
        sends.Should().Contain(s => s.Path.Contains("999999999999999") && s.Field("text.body") == "You said: for someone else");
        sends.Should().Contain(s => s.Path.Contains("999999999999999") && s.Field("text.body") == "You said: another tenant");
        sends.Where(s => s.Field("text.body")?.StartsWith("You said", StringComparison.Ordinal) == true).Should().HaveCount(4);
    }

    [Theory]
    [InlineData("""{"object":{"not":"a string"},"entry":[]}""")]
    [InlineData("""{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":42}}}]}]}""")]
    [InlineData("""{"object":"page","entry":"none"}""")]
    [InlineData("""not json""")]
    [InlineData("""{"object":"page","object":"instagram","entry":[]}""")]
    [InlineData("""{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"106540352242922","phone_number_id":"999999999999999"}}}]}]}""")]
    public async Task A_signed_delivery_of_the_wrong_shape_is_refused_with_a_reason(string body)
    {
        var sendsBefore = _graph.Sends.Count;
        using var request = Post(System.Text.Encoding.UTF8.GetBytes(body), PlatformAppSecret);
        using var response = await Host.Client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        text.Should().Contain("Malformed delivery");
        await Task.Delay(300);
        _graph.Sends.Count.Should().Be(sendsBefore);
    }

    [Theory]
    [InlineData("""{"object":"page","entry":[{"id":"1","messaging":[{"message":{"mid":"m_1","text":"\uD800"}}]}]}""")]
    [InlineData("""{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{"metadata":{"phone_number_id":"\uDC00"}}}]}]}""")]
    [InlineData("""{"object":"instagram","entry":[{"id":{"nested":true}},{"id":null},null,7,"x"]}""")]
    [InlineData("""{"object":"page","entry":[{"id":"1","changes":[{"field":{"not":"a string"}}]}]}""")]
    [InlineData("""{"object":null,"entry":[]}""")]
    [InlineData("""[]""")]
    [InlineData("")]
    [InlineData("""{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{"metadata":{"phone_number_id":"106540352242922"},"n":1e400}}]}]}""")]
    public async Task A_signed_delivery_with_odd_content_is_never_a_server_error(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.Length == 0 ? new string('[', 5000) + new string(']', 5000) : body);
        using var request = Post(bytes, PlatformAppSecret);
        using var response = await Host.Client.SendAsync(request);

        ((int)response.StatusCode).Should().BeLessThan(500, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_with_duplicate_keys_is_verified_first_then_refused_as_malformed()
    {
        var body = Encoding.UTF8.GetBytes("""{"object":"page","object":"instagram","entry":[]}""");

        using var forged = Post(body, "not-the-app-secret");
        using var forgedResponse = await Host.Client.SendAsync(forged);
        forgedResponse.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "verification comes before parsing");

        using var signed = Post(body, PlatformAppSecret);
        using var response = await Host.Client.SendAsync(signed);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().Should().Be("Malformed delivery");
        problem.GetProperty("detail").GetString().Should().Contain("duplicate");
    }

    [Fact]
    public async Task A_second_integration_for_a_held_number_stays_pending_and_receives_nothing()
    {
        var (_, intruder) = await Host.CreateTenantAsync("Intruder");
        using (intruder)
        {
            // Even with a token that reads the number, the number stays with the integration holding it.
            var hijack = await IntegrationOperations.ConnectAsync(intruder, new
            {
                platform = "whatsapp", name = "Hijack",
                config = new { phoneNumberId = "106540352242922" },
                credentials = new { accessToken = "token-acme-0123456789", appSecret = "x" },
                bot = new { kind = "rules", rules = new[] { new { keyword = "e", reply = "HIJACKED" } }, fallback = "HIJACKED" },
            });
            hijack.Succeeded.Should().BeFalse("the number stays with the integration holding it");
            hijack.Outcome.GetProperty("step").GetString().Should().Be("claim-route");
            var body = await intruder.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{hijack.Id}");
            body.GetProperty("status").GetString().Should().Be("pending");
            body.GetProperty("statusReason").GetString().Should().Contain("Another integration holds");
        }

        var payload = MetaInbound.WithTimestampsAt(
            await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Root, "tests", "Channels.Tests", "WhatsApp", "Payloads", "batched.json")), DateTimeOffset.UtcNow);
        using var genuine = Post(payload, PlatformAppSecret);
        (await Host.Client.SendAsync(genuine)).StatusCode.Should().Be(HttpStatusCode.OK);
        await _graph.WaitForSendsAsync(4, TimeSpan.FromSeconds(15));
        await Task.Delay(300);
        _graph.Sends.Should().NotContain(s => s.Field("text.body") == "HIJACKED");
        _graph.Sends.Should().Contain(s => s.Path.Contains("106540352242922") && s.Field("text.body") == "You said: first");
    }

    private async Task ConnectAsync(string tenant, string phoneNumberId, string token)
    {
        var (_, owner) = await Host.CreateTenantAsync(tenant);
        using (owner)
        {
            await IntegrationOperations.ConnectSucceededAsync(owner, new
            {
                platform = "whatsapp", name = tenant,
                config = new { phoneNumberId },
                credentials = new { accessToken = token, appSecret = "per-integration-secret-unused-here" },
            });
        }
    }

    private static HttpRequestMessage Post(byte[] payload, string secret) => MetaInbound.Signed("/webhooks/meta", payload, secret);
}
