using System.Text.Json.Nodes;
using DaprChannels.Integrations;

namespace DaprChannels.Services.Tests;

/// <summary>
/// One tenant against another and against the platform: secret references name only granted secrets, a
/// platform account goes only to an integration whose credentials proved it, generated verify tokens are
/// shown once and can be rotated, and app-level webhooks reach active integrations only.
/// </summary>
public sealed class TenantIsolationTests : GatewayTest
{
    private const string OwnerNumber = "106540352242922";
    private const string OwnerToken = "token-owner-0123456789";
    private const string SquatterToken = "token-squatter-0123456789";
    private const string SquatterNumber = "999999999999999";
    private GraphApiSimulator _graph = null!;
    private TelegramApiSimulator _telegram = null!;

    protected override bool WithTenant => false;

    protected override async Task StartPlatformsAsync()
    {
        _graph = await StartGraphAsync();
        _telegram = await StartTelegramAsync("isolation_bot");
        foreach (var token in new[] { "123456:ABC-secret-ref-test", "123456:ABC-generated-secret-test", "123456:ABC-valid-token-for-tests" })
        {
            _telegram.AddBot(token, "isolation_bot");
        }

        _graph.AddPhoneNumber(OwnerToken, OwnerNumber, "+1 555-078-3881", "Owner");
        _graph.AddPhoneNumber(SquatterToken, SquatterNumber, "+1 555-000-9999", "Squatter");
        await PlatformSecretsAsync(new Dictionary<string, object>
        {
            ["meta-app-secret"] = PlatformAppSecret,
            ["meta-verify-token"] = PlatformVerifyToken,
            ["dapr-channels"] = new Dictionary<string, string> { ["operatorKey"] = "from-the-secret-store" },
            ["acme-bot-key"] = "granted-bot-key-value",
            ["acme-other"] = "another-granted-value",
            ["globex-bot-key"] = "globex-only-value",
        });
    }

    [Theory]
    [InlineData("DaprChannels:OperatorKey")]
    [InlineData("DaprChannels__OperatorKey")]
    [InlineData("daprchannels:operatorkey")]
    [InlineData("DaprChannels:EncryptionKey")]
    [InlineData("dapr-channels")]
    [InlineData("dapr-channels:operatorKey")]
    [InlineData("dapr-channels:kek")]
    [InlineData("meta-app-secret")]
    [InlineData("meta-app-secret-previous")]
    [InlineData("meta-verify-token")]
    [InlineData("dialog360-webhook-token")]
    [InlineData("dialog360-signing-secret")]
    [InlineData("DAPR_API_TOKEN")]
    [InlineData("APP_API_TOKEN")]
    [InlineData("ConnectionStrings:Default")]
    [InlineData("BuildingBlocks:Embedded:SecretsFile")]
    public async Task A_tenant_cannot_reference_a_reserved_secret_nor_can_the_operator_grant_it(string name)
    {
        var (tenantId, owner) = await Host.CreateTenantAsync();
        using (owner)
        {
            using var operatorClient = Host.ClientWithKey(GatewayHost.OperatorKey);
            using var grant = await operatorClient.PutAsJsonAsync($"/api/v1/tenants/{tenantId}/secret-grants", new { secrets = new[] { name } });
            grant.StatusCode.Should().Be(HttpStatusCode.BadRequest, await grant.Content.ReadAsStringAsync());

            using var created = await owner.PostAsJsonAsync("/api/v1/integrations", TelegramWithBotKey(name));
            var text = await created.Content.ReadAsStringAsync();
            created.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
            text.Should().Contain("secretRefs.botApiKey").And.Contain("may not be referenced");
        }
    }

    [Fact]
    public async Task A_secret_reference_needs_the_operators_grant_and_is_checked_again_when_used()
    {
        var (tenantId, owner) = await Host.CreateTenantAsync();
        using var operatorClient = Host.ClientWithKey(GatewayHost.OperatorKey);
        using (owner)
        {
            using (var ungranted = await owner.PostAsJsonAsync("/api/v1/integrations", TelegramWithBotKey("acme-bot-key")))
            {
                ungranted.StatusCode.Should().Be(HttpStatusCode.BadRequest);
                (await ungranted.Content.ReadAsStringAsync()).Should().Contain("not granted");
            }

            // Only the operator grants; a tenant owner cannot grant itself.
            using (var selfGrant = await owner.PutAsJsonAsync($"/api/v1/tenants/{tenantId}/secret-grants", new { secrets = new[] { "acme-*" } }))
            {
                selfGrant.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            }

            using (var grant = await operatorClient.PutAsJsonAsync($"/api/v1/tenants/{tenantId}/secret-grants", new { secrets = new[] { "acme-*" } }))
            {
                grant.StatusCode.Should().Be(HttpStatusCode.OK, await grant.Content.ReadAsStringAsync());
            }

            (await owner.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{tenantId}/secret-grants")).GetProperty("secrets")[0].GetString().Should().Be("acme-*");
            using (var otherPrefix = await owner.PostAsJsonAsync("/api/v1/integrations", TelegramWithBotKey("globex-bot-key")))
            {
                otherPrefix.StatusCode.Should().Be(HttpStatusCode.BadRequest, "the grant covers acme-* only");
            }

            var created = await IntegrationOperations.ConnectSucceededAsync(owner, TelegramWithBotKey("acme-bot-key"));
            (created.Accepted.GetRawText() + created.Operation.GetRawText()).Should().NotContain("granted-bot-key-value");
            var id = created.Id;

            var directory = Host.Service<IntegrationDirectory>();
            var record = (await Host.ReadModel.GetAsync<IntegrationRecord>(IntegrationReadModelKeys.Integration(id)))!.Value;
            (await directory.ResolveAsync(record)).Channel.Credentials["botApiKey"].Should().Be("granted-bot-key-value");

            // Revoked: the same stored reference no longer resolves.
            using (var revoke = await operatorClient.PutAsJsonAsync($"/api/v1/tenants/{tenantId}/secret-grants", new { secrets = Array.Empty<string>() }))
            {
                revoke.StatusCode.Should().Be(HttpStatusCode.OK);
            }

            (await directory.ResolveAsync(record)).Channel.Credentials.Should().NotContainKey("botApiKey");

            // A record that names a reserved secret (written before these checks, or by hand) never resolves it.
            var forged = record with { SecretRefs = new Dictionary<string, string> { ["botApiKey"] = "dapr-channels" } };
            using (var regrant = await operatorClient.PutAsJsonAsync($"/api/v1/tenants/{tenantId}/secret-grants", new { secrets = new[] { "acme-*" } }))
            {
                regrant.StatusCode.Should().Be(HttpStatusCode.OK);
            }

            (await directory.ResolveAsync(forged)).Channel.Credentials.Should().NotContainKey("botApiKey");
        }
    }

    [Fact]
    public async Task A_number_goes_only_to_the_integration_whose_token_reads_it_and_the_squatter_receives_nothing()
    {
        var (_, squatter) = await Host.CreateTenantAsync("Squatter");
        var (_, owner) = await Host.CreateTenantAsync("Owner");
        using (squatter)
        using (owner)
        {
            // The squatter connects first, with its own valid token but the owner's number.
            var squatting = await CreateWhatsAppAsync(squatter, OwnerNumber, SquatterToken, bot: "HIJACKED");
            squatting.GetProperty("status").GetString().Should().Be("pending");
            squatting.GetProperty("statusReason").GetString().Should().Contain("Connect failed").And.Contain("106540352242922");
            (await Host.ReadModel.GetAsync<string>(IntegrationReadModelKeys.Route("whatsapp", OwnerNumber))).Should().BeNull();

            // The owner is not told the number is taken.
            var owned = await CreateWhatsAppAsync(owner, OwnerNumber, OwnerToken, bot: null);
            owned.GetProperty("status").GetString().Should().Be("active", owned.ToString());

            // Its own webhook URL answers nothing while pending; the app-level one routes to the owner.
            var squatterId = squatting.GetProperty("id").GetString()!;
            using (var direct = MetaInbound.Signed($"/webhooks/whatsapp/{squatterId}", Payload(OwnerNumber), "per-integration-secret"))
            {
                (await Host.Client.SendAsync(direct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
            }

            await PostToAppLevelWebhookAsync(Payload(OwnerNumber));

            await _graph.WaitForSendsAsync(1, TimeSpan.FromSeconds(15));
            await Task.Delay(300);
            _graph.Sends.Should().NotContain(s => s.Field("text.body") == "HIJACKED");
            _graph.Sends.Should().ContainSingle(s => s.BearerToken == OwnerToken);

            // Disconnecting the squatter's integration leaves the owner's claim alone.
            (await squatter.DeleteAsync($"/api/v1/integrations/{squatterId}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
            (await Host.ReadModel.GetAsync<string>(IntegrationReadModelKeys.Route("whatsapp", OwnerNumber)))!.Value.Should().Be(owned.GetProperty("id").GetString());

            // The squatter cannot switch itself on either.
            var again = await CreateWhatsAppAsync(squatter, OwnerNumber, SquatterToken, bot: "HIJACKED");
            using var patch = await squatter.PatchAsJsonAsync($"/api/v1/integrations/{again.GetProperty("id").GetString()}", new { status = "active" });
            (await patch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("pending");
        }
    }

    [Fact]
    public async Task The_operator_can_release_a_claim_and_the_proven_integration_takes_it_again()
    {
        var (owner, _, id) = await ConnectOwnersNumberAsync();
        using (owner)
        {
            using var operatorClient = Host.ClientWithKey(GatewayHost.OperatorKey);
            (await operatorClient.GetFromJsonAsync<JsonElement>($"/api/v1/account-claims/whatsapp/{OwnerNumber}")).GetProperty("integrationId").GetString().Should().Be(id);
            (await owner.GetAsync($"/api/v1/account-claims/whatsapp/{OwnerNumber}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

            using (var released = await operatorClient.DeleteAsync($"/api/v1/account-claims/whatsapp/{OwnerNumber}"))
            {
                released.StatusCode.Should().Be(HttpStatusCode.OK);
            }

            var afterRelease = await owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{id}");
            afterRelease.GetProperty("status").GetString().Should().Be("pending");
            afterRelease.GetProperty("statusReason").GetString().Should().Contain("operator released");
            await PostToAppLevelWebhookAsync(Payload(OwnerNumber));

            await Task.Delay(500);
            _graph.Sends.Should().BeEmpty("a released account routes nowhere");

            (await IntegrationOperations.RunAsync(owner, $"/api/v1/integrations/{id}/test")).GetProperty("status").GetString().Should().Be("succeeded");
            (await owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{id}")).GetProperty("status").GetString().Should().Be("active");
        }
    }

    [Fact]
    public async Task A_disabled_integration_gets_nothing_through_the_app_level_webhook()
    {
        var (owner, _, id) = await ConnectOwnersNumberAsync();
        using (owner)
        {
            (await owner.PatchAsJsonAsync($"/api/v1/integrations/{id}", new { status = "disabled" })).StatusCode.Should().Be(HttpStatusCode.OK);

            await PostToAppLevelWebhookAsync(Payload(OwnerNumber));

            await Task.Delay(700);
            _graph.Sends.Should().BeEmpty();

            // Enabled again it still holds its number and answers.
            using var enabled = await owner.PatchAsJsonAsync($"/api/v1/integrations/{id}", new { status = "active" });
            (await enabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("active");
            await PostToAppLevelWebhookAsync(Payload(OwnerNumber, "wamid.second"));

            await _graph.WaitForSendsAsync(1, TimeSpan.FromSeconds(15));
        }
    }

    [Fact]
    public async Task A_generated_verify_token_is_shown_once_completes_the_handshake_and_can_be_rotated()
    {
        var (owner, created, id) = await ConnectOwnersNumberAsync();
        using (owner)
        {
            var token = created.GetProperty("generatedCredentials").GetProperty("verifyToken").GetString()!;
            token.Should().HaveLength(32);
            created.GetProperty("credentials").GetProperty("verifyToken").GetString().Should().NotBe(token);

            var read = await owner.GetStringAsync($"/api/v1/integrations/{id}");
            read.Should().NotContain(token).And.NotContain("generatedCredentials");

            (await Handshake(id, token)).Should().Be(HttpStatusCode.OK);
            (await Handshake(id, "not-the-token")).Should().Be(HttpStatusCode.Forbidden);

            using var rotate = await owner.PostAsync($"/api/v1/integrations/{id}/credentials/verifyToken/rotate", null);
            var rotated = await rotate.Content.ReadFromJsonAsync<JsonElement>();
            rotate.StatusCode.Should().Be(HttpStatusCode.OK, rotated.ToString());
            var fresh = rotated.GetProperty("value").GetString()!;
            fresh.Should().NotBe(token).And.HaveLength(32);
            (await Handshake(id, fresh)).Should().Be(HttpStatusCode.OK);
            (await Handshake(id, token)).Should().Be(HttpStatusCode.Forbidden);

            (await owner.PostAsync($"/api/v1/integrations/{id}/credentials/accessToken/rotate", null)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task A_generated_telegram_secret_token_is_shown_once_and_the_rotated_out_one_keeps_working()
    {
        var (_, owner) = await Host.CreateTenantAsync("Owner");
        using (owner)
        {
            var body = (await IntegrationOperations.ConnectSucceededAsync(owner, new
            {
                platform = "telegram", name = "Bot", credentials = new { botToken = "123456:ABC-generated-secret-test" },
            })).Accepted;
            var secret = body.GetProperty("generatedCredentials").GetProperty("secretToken").GetString()!;
            var id = body.GetProperty("id").GetString()!;

            using var rotate = await owner.PostAsync($"/api/v1/integrations/{id}/credentials/secretToken/rotate", null);
            var fresh = (await rotate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString()!;
            fresh.Should().NotBe(secret);
            var stored = (await Host.ReadModel.GetAsync<IntegrationRecord>(IntegrationReadModelKeys.Integration(id)))!.Value;
            var credentials = (await Host.Service<IntegrationDirectory>().ResolveAsync(stored)).Channel.Credentials;
            credentials["secretToken"].Should().Be(fresh);
            credentials["previousSecretToken"].Should().Be(secret, "deliveries signed with the old token still in flight are accepted");
        }
    }

    [Theory]
    [InlineData("""{"platform":"telegram","name":"x","credentials":{"botToken":null}}""", "credentials.botToken")]
    [InlineData("""{"platform":"telegram","name":"x","credentials":{"botToken":"123456:ABC-valid-token-for-tests"},"bot":{"kind":null}}""", "bot.kind")]
    [InlineData("""{"platform":"telegram","name":"x","credentials":{"botToken":"123456:ABC-valid-token-for-tests"},"bot":{"kind":"telepathy"}}""", "bot.kind")]
    [InlineData("""{"platform":"telegram","name":"x","credentials":{"botToken":"123456:ABC-valid-token-for-tests"},"bot":{"kind":"rules","rules":[null]}}""", "bot.rules[0]")]
    [InlineData("""{"platform":"telegram","name":"x","credentials":{"botToken":"123456:ABC-valid-token-for-tests"},"bot":{"kind":"rules","rules":[{"keyword":null,"reply":"x"}]}}""", "bot.rules[0]")]
    [InlineData("""{"platform":"telegram","name":"x","credentials":{"botToken":"123456:ABC-valid-token-for-tests"},"bot":{"kind":"http"}}""", "bot.endpoint")]
    [InlineData("""{"platform":"telegram","name":"x","credentials":{"botToken":"123456:ABC-valid-token-for-tests"},"secretRefs":{"notAField":"acme-bot-key"}}""", "secretRefs.notAField")]
    public async Task Malformed_integration_settings_are_a_400_naming_the_field(string json, string field)
    {
        var (_, owner) = await Host.CreateTenantAsync();
        using (owner)
        {
            using var response = await owner.PostAsync("/api/v1/integrations", new StringContent(json, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
            JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(text);
        }
    }

    [Fact]
    public async Task A_patch_with_a_null_bot_kind_is_a_400_and_changes_nothing()
    {
        var (_, owner) = await Host.CreateTenantAsync();
        using (owner)
        {
            var id = (await IntegrationOperations.ConnectSucceededAsync(owner, new { platform = "telegram", name = "x", credentials = new { botToken = "123456:ABC-valid-token-for-tests" } })).Id;
            using var patch = await owner.PatchAsync($"/api/v1/integrations/{id}", new StringContent("""{"bot":{"kind":null}}""", Encoding.UTF8, "application/json"));
            patch.StatusCode.Should().Be(HttpStatusCode.BadRequest, await patch.Content.ReadAsStringAsync());
            (await owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{id}")).GetProperty("bot").GetProperty("kind").GetString().Should().Be("rules");
        }
    }

    [Fact]
    public async Task A_viewer_sees_where_the_bot_is_but_not_the_key_in_its_endpoint()
    {
        var (tenantId, owner) = await Host.CreateTenantAsync();
        using (owner)
        {
            var id = (await IntegrationOperations.ConnectSucceededAsync(owner, new
            {
                platform = "telegram", name = "Bot", credentials = new { botToken = "123456:ABC-valid-token-for-tests" },
                bot = new { kind = "http", endpoint = "https://93.184.216.34/reply?code=s3cret-function-key" },
            })).Id;
            using var viewerKey = await owner.PostAsJsonAsync($"/api/v1/tenants/{tenantId}/api-keys", new { role = "viewer" });
            using var viewer = Host.ClientWithKey((await viewerKey.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!);

            var seen = await viewer.GetStringAsync($"/api/v1/integrations/{id}");
            seen.Should().Contain("https://93.184.216.34/reply").And.NotContain("s3cret-function-key");
            (await owner.GetStringAsync($"/api/v1/integrations/{id}")).Should().Contain("s3cret-function-key");
        }
    }

    private static object TelegramWithBotKey(string secretName) => new
    {
        platform = "telegram",
        name = "Bot",
        credentials = new { botToken = "123456:ABC-secret-ref-test" },
        secretRefs = new Dictionary<string, string> { ["botApiKey"] = secretName },
    };

    /// <summary>Connects (the operation may fail) and answers the integration as it is afterwards, with the credentials generated for it.</summary>
    /// <summary>A tenant "Owner" whose integration of the owner's number, with the owner's token, holds the number's claim.</summary>
    private async Task<(HttpClient Owner, JsonElement Created, string Id)> ConnectOwnersNumberAsync()
    {
        var (_, owner) = await Host.CreateTenantAsync("Owner");
        var created = await CreateWhatsAppAsync(owner, OwnerNumber, OwnerToken, bot: null);
        return (owner, created, created.GetProperty("id").GetString()!);
    }

    private static async Task<JsonElement> CreateWhatsAppAsync(HttpClient tenant, string phoneNumberId, string token, string? bot)
    {
        var created = await IntegrationOperations.ConnectAsync(tenant, new
        {
            platform = "whatsapp",
            name = "Line",
            config = new { phoneNumberId },
            credentials = new { accessToken = token, appSecret = "per-integration-secret" },
            bot = bot is null ? null : new { kind = "rules", rules = new[] { new { keyword = "a", reply = bot } }, fallback = bot },
        });
        var view = JsonNode.Parse(await tenant.GetStringAsync($"/api/v1/integrations/{created.Id}"))!.AsObject();
        if (created.Accepted.TryGetProperty("generatedCredentials", out var generated))
        {
            view["generatedCredentials"] = JsonNode.Parse(generated.GetRawText());
        }

        return JsonDocument.Parse(view.ToJsonString()).RootElement.Clone();
    }

    private async Task<HttpStatusCode> Handshake(string integrationId, string token)
    {
        using var response = await Host.Client.GetAsync(
            $"/webhooks/whatsapp/{integrationId}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={Uri.EscapeDataString(token)}");
        return response.StatusCode;
    }

    /// <summary>Posts <paramref name="payload"/> to the app-level webhook signed with the platform's app secret, and expects it taken.</summary>
    private async Task PostToAppLevelWebhookAsync(byte[] payload)
    {
        using var request = MetaInbound.Signed("/webhooks/meta", payload, PlatformAppSecret);
        (await Host.Client.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static byte[] Payload(string phoneNumberId, string messageId = "wamid.first") => Encoding.UTF8.GetBytes($$$"""
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
          "messaging_product":"whatsapp",
          "metadata":{"display_phone_number":"15550783881","phone_number_id":"{{{phoneNumberId}}}"},
          "contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],
          "messages":[{"from":"16505551234","id":"{{{messageId}}}","timestamp":"{{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}}","type":"text","text":{"body":"hello there"}}]}}]}]}
        """);
}
