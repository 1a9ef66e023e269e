using DaprChannels.Channels.Dialog360;
using DaprChannels.Ingress.Apis;

namespace DaprChannels.Services.Tests;

/// <summary>
/// WhatsApp numbers connected through 360dialog: registered on connect, answered through the 360dialog
/// simulator, reached both by their own webhook URL and by the partner's app-level one.
/// </summary>
public sealed class Dialog360PipelineTests : GatewayTest
{
    private const string PublicBaseUrl = "https://hooks.example.com";
    private const string PlatformWebhookToken = "platform-360dialog-token-0123456789";
    private const string AcmeNumber = "103984729156482";
    private const string AcmeKey = "acme360KEY0123456789abcdef";
    private const string AcmeWebhookToken = "acme-webhook-token-0123456789abcdef";
    private const string GlobexNumber = "205173648291037";
    private const string GlobexKey = "globex360KEY0123456789abcdef";
    private Dialog360ApiSimulator _d360 = null!;
    private string _acmeIntegrationId = null!;
    private JsonElement _acmeConnection;

    // Each number belongs to a tenant of its own.
    protected override bool WithTenant => false;

    protected override async Task StartPlatformsAsync()
    {
        _d360 = Platform(await Dialog360ApiSimulator.StartAsync());
        _d360.AddChannel(AcmeKey, AcmeNumber).AddChannel(GlobexKey, GlobexNumber);
        await PlatformSecretsAsync(new Dictionary<string, string> { [Dialog360AppLevelWebhook.WebhookTokenName] = PlatformWebhookToken });
        Settings["Channels:Dialog360:BaseUrl"] = _d360.BaseUrl.ToString();
        Settings["DaprChannels:PublicBaseUrl"] = PublicBaseUrl;
    }

    protected override async Task ArrangeAsync()
    {
        (_acmeIntegrationId, _acmeConnection) = await ConnectAsync("Acme", AcmeNumber, AcmeKey, AcmeWebhookToken);
        await ConnectAsync("Globex", GlobexNumber, GlobexKey, null);
    }

    [Fact]
    public void Connecting_tests_the_key_and_registers_the_integrations_webhook_with_its_token_header()
    {
        _acmeConnection.GetProperty("status").GetString().Should().Be("succeeded", _acmeConnection.ToString());
        _acmeConnection.GetProperty("result").GetProperty("details").GetProperty("webhookRegistered").GetString().Should().Be("true");
        var webhook = _d360.WebhookOf(AcmeKey)!;
        ((string?)webhook["url"]).Should().Be($"{PublicBaseUrl}/webhooks/360dialog/{_acmeIntegrationId}");
        ((string?)webhook["headers"]![Dialog360WebhookVerifier.WebhookTokenHeader]).Should().Be(AcmeWebhookToken);
        var globexToken = (string?)_d360.WebhookOf(GlobexKey)!["headers"]![Dialog360WebhookVerifier.WebhookTokenHeader];
        globexToken.Should().NotBeNullOrEmpty("a token is generated when none is entered").And.NotBe(AcmeWebhookToken);
    }

    [Fact]
    public async Task A_delivery_with_the_token_header_is_answered_and_a_forged_one_is_refused()
    {
        var payload = Payload("text");

        using var forged = Post($"/webhooks/360dialog/{_acmeIntegrationId}", payload, "not-the-token-0123456789");
        (await Host.Client.SendAsync(forged)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var missing = Post($"/webhooks/360dialog/{_acmeIntegrationId}", payload, null);
        (await Host.Client.SendAsync(missing)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await Task.Delay(500);
        _d360.Sends.Should().BeEmpty("nothing refused reaches the bot");

        using var genuine = Post($"/webhooks/360dialog/{_acmeIntegrationId}", payload, AcmeWebhookToken);
        (await Host.Client.SendAsync(genuine)).StatusCode.Should().Be(HttpStatusCode.OK);

        var send = (await _d360.WaitForSendsAsync(1, TimeSpan.FromSeconds(15))).Single();
        send.ApiKey.Should().Be(AcmeKey);
        send.Field("to").Should().Be("4915112345678");
        send.Field("text.body").Should().Be("You said: Is my parcel on its way?");
        send.StatusCode.Should().Be(200);
    }

    [Fact]
    public async Task A_repeated_delivery_is_answered_once()
    {
        var payload = Payload("text");

        for (var i = 0; i < 2; i++)
        {
            using var request = Post($"/webhooks/360dialog/{_acmeIntegrationId}", payload, AcmeWebhookToken);
            (await Host.Client.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await _d360.WaitForSendsAsync(1, TimeSpan.FromSeconds(15));
        await Task.Delay(1000);
        _d360.Sends.Should().ContainSingle();
    }

    [Fact]
    public async Task The_app_level_webhook_routes_each_number_to_its_tenants_integration()
    {
        var payload = Payload("batched");

        using var forged = Post("/webhooks/360dialog", payload, AcmeWebhookToken);
        (await Host.Client.SendAsync(forged)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "an integration's token is not the platform's");

        using var genuine = Post("/webhooks/360dialog", payload, PlatformWebhookToken);
        (await Host.Client.SendAsync(genuine)).StatusCode.Should().Be(HttpStatusCode.OK);

        await _d360.WaitForSendsAsync(3, TimeSpan.FromSeconds(15));
        await Task.Delay(300);
        var sends = _d360.Sends;
        sends.Should().HaveCount(3);
        sends.Should().Contain(s => s.ApiKey == AcmeKey && s.Field("to") == "4915112345678" && s.Field("text.body") == "You said: greetings from Berlin");
        sends.Should().Contain(s => s.ApiKey == AcmeKey && s.Field("to") == "48601234567" && s.Field("text.body") == "You said: greetings from Warsaw");
        sends.Should().Contain(s => s.ApiKey == GlobexKey && s.Field("to") == "31612345678" && s.Field("text.body") == "You said: greetings from Amsterdam");
    }

    [Fact]
    public async Task The_app_level_webhook_acknowledges_a_number_nobody_claims_and_sends_nothing()
    {
        var payload = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Payload("text")).Replace(AcmeNumber, "777777777777777", StringComparison.Ordinal));

        using var request = Post("/webhooks/360dialog", payload, PlatformWebhookToken);
        (await Host.Client.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK);

        using var malformed = Post("/webhooks/360dialog", "{\"entry\":"u8.ToArray(), PlatformWebhookToken);
        (await Host.Client.SendAsync(malformed)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        await Task.Delay(1000);
        _d360.Sends.Should().BeEmpty();
    }

    [Fact]
    public async Task The_app_level_webhook_refuses_a_body_with_duplicate_keys_after_verifying_it()
    {
        var body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Payload("text"))
            .Replace($"\"phone_number_id\": \"{AcmeNumber}\"", $"\"phone_number_id\": \"{AcmeNumber}\", \"phone_number_id\": \"{GlobexNumber}\"", StringComparison.Ordinal));
        body.Should().NotEqual(Payload("text"), "the sample names the number once");

        using var forged = Post("/webhooks/360dialog", body, "not-the-token-0123456789");
        (await Host.Client.SendAsync(forged)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        using var request = Post("/webhooks/360dialog", body, PlatformWebhookToken);
        using var response = await Host.Client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().Should().Be("Malformed delivery");
        await Task.Delay(1000);
        _d360.Sends.Should().BeEmpty();
    }

    private async Task<(string Id, JsonElement Connection)> ConnectAsync(string tenant, string phoneNumberId, string apiKey, string? webhookToken)
    {
        var (_, owner) = await Host.CreateTenantAsync(tenant);
        using (owner)
        {
            var credentials = new Dictionary<string, string> { ["apiKey"] = apiKey };
            if (webhookToken is not null)
            {
                credentials["webhookToken"] = webhookToken;
            }

            var connected = await IntegrationOperations.ConnectSucceededAsync(owner, new
            {
                platform = "360dialog",
                name = tenant,
                config = new { phoneNumberId, wabaId = "114207368249531" },
                credentials,
            });
            var text = connected.Accepted.GetRawText() + connected.Operation.GetRawText();
            text.Should().NotContain(apiKey);
            if (webhookToken is not null)
            {
                text.Should().NotContain(webhookToken);
            }

            var id = connected.Id;
            connected.Outcome.GetProperty("integrationStatus").GetString().Should().Be("pending", "360dialog cannot prove which number a key belongs to");

            // So the operator gives the number to the integration.
            using var operatorClient = Host.ClientWithKey(GatewayHost.OperatorKey);
            using var assigned = await operatorClient.PutAsJsonAsync($"/api/v1/account-claims/360dialog/{phoneNumberId}", new { integrationId = id });
            assigned.StatusCode.Should().Be(HttpStatusCode.OK, await assigned.Content.ReadAsStringAsync());
            using var after = await owner.GetAsync($"/api/v1/integrations/{id}");
            (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("active");
            return (id, connected.Operation);
        }
    }

    /// <summary>A documented sample, sent now: the reply must fall inside the contact's customer-service window.</summary>
    private static byte[] Payload(string name) => MetaInbound.WithTimestampsAt(
        File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "Channels.Tests", "Dialog360", "Payloads", name + ".json")), DateTimeOffset.UtcNow);

    private static HttpRequestMessage Post(string path, byte[] payload, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(payload) { Headers = { ContentType = new("application/json") { CharSet = Encoding.UTF8.WebName } } },
        };
        if (token is not null)
        {
            request.Headers.Add(Dialog360WebhookVerifier.WebhookTokenHeader, token);
        }

        return request;
    }
}
