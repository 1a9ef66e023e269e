using DaprChannels.IntegrationAdmin;
using DaprChannels.IntegrationAdmin.Auth;
using DaprChannels.IntegrationAdmin.Tenants;

namespace DaprChannels.Services.Tests;

/// <summary>Owners list and revoke their API keys; credentials are masked as far as the caller's role needs.</summary>
public sealed class ApiKeysAndMasksTests : GatewayTest
{
    // The bot id (the part before the colon) shows in the credential test's details; it shares no digits with the masks.
    private const string BotToken = "501234500:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    private const string SecretToken = "masks_secret_token-0123456789";

    protected override bool WithTenant => false;

    protected override Task StartPlatformsAsync() => StartTelegramAsync("masks_bot", BotToken);

    [Fact]
    public async Task Owners_and_admins_see_the_last_four_characters_and_agents_and_viewers_see_none()
    {
        var (tenantId, owner) = await Host.CreateTenantAsync();
        var created = await ConnectBotAsync(owner);
        var createdView = created.Accepted;
        var id = created.Id;
        Credentials(createdView).Should().Equal(new Dictionary<string, string> { ["botToken"] = "••••Dsaw", ["secretToken"] = "••••6789" });

        using var admin = Host.ClientWithKey((await CreateKeyAsync(owner, tenantId, "admin")).Key);
        using var agent = Host.ClientWithKey((await CreateKeyAsync(owner, tenantId, "agent")).Key);
        using var viewer = Host.ClientWithKey((await CreateKeyAsync(owner, tenantId, "viewer")).Key);

        using var renamed = await admin.PatchAsJsonAsync($"/api/v1/integrations/{id}", new { name = "Support bot" });
        renamed.StatusCode.Should().Be(HttpStatusCode.OK);
        Credentials(await renamed.Content.ReadFromJsonAsync<JsonElement>())["botToken"].Should().Be("••••Dsaw", "the update answer goes through the same view");
        Credentials(await admin.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{id}"))["secretToken"].Should().Be("••••6789");

        foreach (var client in new[] { agent, viewer })
        {
            var one = await client.GetStringAsync($"/api/v1/integrations/{id}");
            var all = await client.GetStringAsync("/api/v1/integrations");
            foreach (var view in new[] { JsonDocument.Parse(one).RootElement, JsonDocument.Parse(all).RootElement[0] })
            {
                Credentials(view).Should().Equal(new Dictionary<string, string> { ["botToken"] = "••••", ["secretToken"] = "••••" },
                    "the field names show what is set, and no character of any value");
            }

            one.Should().NotContain("Dsaw").And.NotContain("6789");
            all.Should().NotContain("Dsaw").And.NotContain("6789");
        }
    }

    [Fact]
    public async Task The_stored_record_holds_no_more_than_the_owners_view()
    {
        var (_, owner) = await Host.CreateTenantAsync();
        var id = (await ConnectBotAsync(owner)).Id;

        var stored = await Host.ReadModel.GetAsync<JsonElement>(IntegrationReadModelKeys.Integration(id));

        var json = stored!.Value.GetRawText();
        json.Should().NotContain(BotToken).And.NotContain(SecretToken).And.NotContain("SeofSAs0K5PALDsaw").And.NotContain("token-0123456789");
        stored.Value.GetProperty("credentialMask").EnumerateObject().Select(p => p.Value.GetString())
            .Should().BeEquivalentTo(["••••Dsaw", "••••6789"]);
    }

    [Fact]
    public async Task Owners_list_their_keys_with_role_name_and_times_and_never_a_secret_or_its_hash()
    {
        var (tenantId, owner) = await Host.CreateTenantAsync();
        var viewerKey = await CreateKeyAsync(owner, tenantId, "viewer", "dashboard");
        var adminKey = await CreateKeyAsync(owner, tenantId, "admin");

        using var response = await owner.GetAsync($"/api/v1/tenants/{tenantId}/api-keys");
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        var keys = JsonDocument.Parse(text).RootElement.EnumerateArray().ToList();
        keys.Select(k => (k.GetProperty("role").GetString(), k.GetProperty("name").GetString()))
            .Should().Equal(("owner", "owner"), ("viewer", "dashboard"), ("admin", "admin"));
        keys[1].GetProperty("id").GetString().Should().Be(viewerKey.Id);
        keys[0].GetProperty("lastUsedAt").ValueKind.Should().Be(JsonValueKind.String, "the owner's key just listed them");
        keys[1].GetProperty("lastUsedAt").ValueKind.Should().Be(JsonValueKind.Null);
        keys.Should().OnlyContain(k => k.EnumerateObject().Select(p => p.Name).SequenceEqual(new[] { "id", "name", "role", "createdAt", "lastUsedAt" }));
        foreach (var key in new[] { viewerKey.Key, adminKey.Key })
        {
            var secret = key[(key.IndexOf('.') + 1)..];
            text.Should().NotContain(secret).And.NotContain(ApiKeys.Hash(secret));
        }

        using var viewer = Host.ClientWithKey(viewerKey.Key);
        (await viewer.GetAsync($"/api/v1/tenants/{tenantId}/api-keys")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var operatorClient = Host.ClientWithKey(GatewayHost.OperatorKey);
        (await operatorClient.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{tenantId}/api-keys")).GetArrayLength().Should().Be(3);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_on_its_very_next_request_and_leaves_the_list()
    {
        var (tenantId, owner) = await Host.CreateTenantAsync();
        var adminKey = await CreateKeyAsync(owner, tenantId, "admin");
        using var admin = Host.ClientWithKey(adminKey.Key);
        (await admin.GetAsync("/api/v1/integrations")).StatusCode.Should().Be(HttpStatusCode.OK);

        using var revoked = await owner.DeleteAsync($"/api/v1/tenants/{tenantId}/api-keys/{adminKey.Id}");

        revoked.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await admin.GetAsync("/api/v1/integrations")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await owner.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{tenantId}/api-keys")).EnumerateArray()
            .Select(k => k.GetProperty("id").GetString()).Should().NotContain(adminKey.Id);
        (await owner.DeleteAsync($"/api/v1/tenants/{tenantId}/api-keys/{adminKey.Id}")).StatusCode.Should().Be(HttpStatusCode.NoContent, "revoking is idempotent");
        (await admin.GetAsync("/api/v1/integrations")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_tenant_cannot_revoke_its_last_owner_key_but_the_operator_can()
    {
        var (tenantId, owner) = await Host.CreateTenantAsync();
        var firstOwnerId = (await owner.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{tenantId}/api-keys"))[0].GetProperty("id").GetString()!;

        using var refused = await owner.DeleteAsync($"/api/v1/tenants/{tenantId}/api-keys/{firstOwnerId}");

        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().Should().Be("Last owner key");
        problem.GetProperty("detail").GetString().Should().Contain("lock itself out").And.Contain("operator");
        (await owner.GetAsync("/api/v1/integrations")).StatusCode.Should().Be(HttpStatusCode.OK);

        var second = await CreateKeyAsync(owner, tenantId, "owner");
        using var secondOwner = Host.ClientWithKey(second.Key);
        (await secondOwner.DeleteAsync($"/api/v1/tenants/{tenantId}/api-keys/{firstOwnerId}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await owner.GetAsync("/api/v1/integrations")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await secondOwner.DeleteAsync($"/api/v1/tenants/{tenantId}/api-keys/{second.Id}")).StatusCode.Should().Be(HttpStatusCode.Conflict);

        using var operatorClient = Host.ClientWithKey(GatewayHost.OperatorKey);
        (await operatorClient.DeleteAsync($"/api/v1/tenants/{tenantId}/api-keys/{second.Id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await secondOwner.GetAsync("/api/v1/integrations")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Two_owners_revoking_each_other_at_once_leave_one_owner_key()
    {
        var (tenantId, first) = await Host.CreateTenantAsync();
        var firstId = (await first.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{tenantId}/api-keys"))[0].GetProperty("id").GetString()!;
        var second = await CreateKeyAsync(first, tenantId, "owner");
        using var secondOwner = Host.ClientWithKey(second.Key);

        var answers = await Task.WhenAll(
            first.DeleteAsync($"/api/v1/tenants/{tenantId}/api-keys/{second.Id}"),
            secondOwner.DeleteAsync($"/api/v1/tenants/{tenantId}/api-keys/{firstId}"));

        // The loser is refused as the last owner, or, if the winner finished first, its key no longer authenticates.
        answers.Should().ContainSingle(a => a.StatusCode == HttpStatusCode.NoContent);
        answers.Should().ContainSingle(a => a.StatusCode == HttpStatusCode.Conflict || a.StatusCode == HttpStatusCode.Unauthorized);
        using var operatorClient = Host.ClientWithKey(GatewayHost.OperatorKey);
        (await operatorClient.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{tenantId}/api-keys")).EnumerateArray()
            .Should().ContainSingle(k => k.GetProperty("role").GetString() == "owner");
    }

    [Fact]
    public async Task Concurrent_revocations_of_a_tenants_two_owner_keys_never_both_succeed()
    {
        var tenants = Host.Service<TenantService>();
        for (var round = 0; round < 20; round++)
        {
            var (tenant, first) = await tenants.CreateAsync("Race " + round, null, CancellationToken.None);
            var second = await tenants.CreateApiKeyAsync(tenant.Id, "second", Roles.Owner, CancellationToken.None);

            var outcomes = await Task.WhenAll(
                Task.Run(() => tenants.RevokeApiKeyAsync(tenant.Id, first.Record.Id, byOperator: false, CancellationToken.None)),
                Task.Run(() => tenants.RevokeApiKeyAsync(tenant.Id, second.Record.Id, byOperator: false, CancellationToken.None)));

            outcomes.Should().BeEquivalentTo([RevokeOutcome.Revoked, RevokeOutcome.LastOwner], $"round {round}");
            (await tenants.ListApiKeysAsync(tenant.Id, CancellationToken.None)).Should().ContainSingle(k => k.Role == Roles.Owner);
        }
    }

    [Fact]
    public async Task Another_tenants_key_and_tenant_are_not_found()
    {
        var (tenantA, ownerA) = await Host.CreateTenantAsync("A");
        var (tenantB, ownerB) = await Host.CreateTenantAsync("B");
        var keyOfB = await CreateKeyAsync(ownerB, tenantB, "admin");

        (await ownerA.DeleteAsync($"/api/v1/tenants/{tenantA}/api-keys/{keyOfB.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ownerA.DeleteAsync($"/api/v1/tenants/{tenantB}/api-keys/{keyOfB.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ownerA.GetAsync($"/api/v1/tenants/{tenantB}/api-keys")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ownerA.DeleteAsync($"/api/v1/tenants/{tenantA}/api-keys/0123456789abcdef")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        using var adminOfB = Host.ClientWithKey(keyOfB.Key);
        (await adminOfB.GetAsync("/api/v1/integrations")).StatusCode.Should().Be(HttpStatusCode.OK, "nothing happened to it");
    }

    [Fact]
    public async Task A_key_made_before_keys_were_listed_is_listed_once_it_is_used()
    {
        var (tenantId, owner) = await Host.CreateTenantAsync();
        var (keyId, secret, presented) = ApiKeys.Create();
        await Host.Service<IStateStore>().SaveAsync(IntegrationAdminStateKeys.ApiKey(keyId),
            new ApiKeyRecord(keyId, tenantId, "legacy", Roles.Agent, ApiKeys.Hash(secret), DateTimeOffset.UtcNow.AddDays(-30)));
        static async Task<IEnumerable<string?>> IdsAsync(HttpClient client, string tenant) =>
            (await client.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{tenant}/api-keys")).EnumerateArray().Select(k => k.GetProperty("id").GetString());
        (await IdsAsync(owner, tenantId)).Should().NotContain(keyId);

        using var legacy = Host.ClientWithKey(presented);
        (await legacy.GetAsync("/api/v1/integrations")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await IdsAsync(owner, tenantId)).Should().Contain(keyId);
        (await owner.DeleteAsync($"/api/v1/tenants/{tenantId}/api-keys/{keyId}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await legacy.GetAsync("/api/v1/integrations")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_key_routes_are_named_and_summarized_in_the_openapi_document()
    {
        var document = await Host.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var operations = document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/v1/tenants/{tenantId}/api-keys", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject())
            .ToDictionary(o => o.Value.GetProperty("operationId").GetString()!, o => o.Value.GetProperty("summary").GetString());
        operations.Keys.Should().BeEquivalentTo(["CreateApiKey", "ListApiKeys", "RevokeApiKey"]);
        operations.Values.Should().OnlyContain(s => !string.IsNullOrWhiteSpace(s));
    }

    private static Task<ConnectedIntegration> ConnectBotAsync(HttpClient owner) => IntegrationOperations.ConnectSucceededAsync(owner, new
    {
        platform = "telegram", name = "Bot", credentials = new { botToken = BotToken, secretToken = SecretToken },
    });

    private static Dictionary<string, string> Credentials(JsonElement view) =>
        view.GetProperty("credentials").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    private static async Task<(string Id, string Key)> CreateKeyAsync(HttpClient owner, string tenantId, string role, string? name = null)
    {
        using var response = await owner.PostAsJsonAsync($"/api/v1/tenants/{tenantId}/api-keys", new { name, role });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.Should().Be(HttpStatusCode.Created, body.ToString());
        return (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);
    }
}
