namespace DaprChannels.Services.Tests;

public sealed class AdminApiTests : GatewayTest
{
    protected override bool WithTenant => false;

    protected override Task StartPlatformsAsync() => StartTelegramAsync("admin_api_bot");

    [Fact]
    public async Task Admin_calls_without_a_key_or_with_a_wrong_one_are_refused()
    {
        using var anonymous = await Host.Client.GetAsync("/api/v1/integrations");
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        using var wrong = Host.ClientWithKey("not-the-operator-key");
        using var response = await wrong.PostAsJsonAsync("/api/v1/tenants", new { name = "x" });
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).Should().NotContain(GatewayHost.OperatorKey);
    }

    [Fact]
    public async Task Only_the_operator_creates_tenants()
    {
        var (_, owner) = await Host.CreateTenantAsync();
        using var response = await owner.PostAsJsonAsync("/api/v1/tenants", new { name = "Other" });
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_telegram_integration_is_accepted_pending_with_masked_credentials_its_webhook_url_and_its_connect_operation()
    {
        var (tenantId, owner) = await Host.CreateTenantAsync();
        const string botToken = TelegramBotToken;
        const string secretToken = "my_secret_token-0123456789";
        using var response = await owner.PostAsJsonAsync("/api/v1/integrations", new
        {
            platform = "telegram",
            name = "Support bot",
            credentials = new { botToken, secretToken },
            config = new { },
        });

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, text);
        text.Should().NotContain(botToken).And.NotContain(secretToken).And.NotContain("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDs");
        var body = JsonDocument.Parse(text).RootElement;
        var id = body.GetProperty("id").GetString()!;
        body.GetProperty("status").GetString().Should().Be("pending", "an integration is pending until its connect finishes");
        var operation = body.GetProperty("operation");
        operation.GetProperty("kind").GetString().Should().Be("connect");
        operation.GetProperty("status").GetString().Should().Be("running");
        operation.GetProperty("integrationId").GetString().Should().Be(id);
        var operationId = operation.GetProperty("id").GetString()!;
        operationId.Should().MatchRegex("^op_[0-9a-f]{32}$", "operation ids are opaque and unguessable");
        response.Headers.Location!.ToString().Should().Be($"/api/v1/operations/{operationId}");
        body.GetProperty("tenantId").GetString().Should().Be(tenantId);
        body.GetProperty("platform").GetString().Should().Be("telegram");
        body.GetProperty("webhookUrl").GetString().Should().EndWith($"/webhooks/telegram/{id}");
        body.GetProperty("credentials").GetProperty("botToken").GetString().Should().StartWith("••••").And.EndWith("saw");
        body.GetProperty("credentials").GetProperty("secretToken").GetString().Should().StartWith("••••");

        foreach (var file in Directory.GetFiles(Host.DataDirectory, "*", SearchOption.AllDirectories))
        {
            var stored = await File.ReadAllBytesAsync(file);
            System.Text.Encoding.UTF8.GetString(stored).Should().NotContain(botToken, "credentials are encrypted before they are stored");
        }

        var done = await IntegrationOperations.WaitAsync(owner, response.Headers.Location!);
        done.GetRawText().Should().NotContain(botToken).And.NotContain(secretToken);
        done.GetProperty("status").GetString().Should().Be("succeeded", done.GetRawText());
        (await owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{id}")).GetProperty("status").GetString().Should().Be("active");
    }

    [Fact]
    public async Task A_missing_secret_token_is_generated_and_a_missing_bot_token_is_a_validation_problem()
    {
        var (_, owner) = await Host.CreateTenantAsync();
        var created = await IntegrationOperations.ConnectSucceededAsync(owner, new
        {
            platform = "telegram", name = "Bot", credentials = new { botToken = TelegramBotToken },
        });
        created.Accepted.GetProperty("credentials").TryGetProperty("secretToken", out _).Should().BeTrue();
        created.Accepted.GetProperty("generatedCredentials").GetProperty("secretToken").GetString().Should().NotBeNullOrEmpty("a generated value is shown once");

        using var invalid = await owner.PostAsJsonAsync("/api/v1/integrations", new { platform = "telegram", name = "Bot", credentials = new { } });
        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await invalid.Content.ReadAsStringAsync()).Should().Contain("botToken");

        using var unknown = await owner.PostAsJsonAsync("/api/v1/integrations", new { platform = "myspace", name = "x" });
        unknown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await unknown.Content.ReadAsStringAsync()).Should().Contain("platform");
    }

    [Fact]
    public async Task Another_tenants_integration_is_not_found()
    {
        var (_, first) = await Host.CreateTenantAsync("First");
        var (_, second) = await Host.CreateTenantAsync("Second");
        var created = await IntegrationOperations.ConnectSucceededAsync(first, new { platform = "widget", name = "Site chat" });
        var id = created.Id;
        var operationId = created.Operation.GetProperty("id").GetString();

        (await second.GetAsync($"/api/v1/integrations/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await second.DeleteAsync($"/api/v1/integrations/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await second.PostAsync($"/api/v1/integrations/{id}/test", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await second.PostAsync($"/api/v1/integrations/{id}/disconnect", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await second.PostAsync($"/api/v1/integrations/{id}/connect", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await second.GetAsync($"/api/v1/integrations/{id}/operations")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await second.GetAsync($"/api/v1/operations/{operationId}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "another tenant's operation is not found");
        (await first.GetAsync($"/api/v1/operations/{operationId}")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var operatorClient = Host.ClientWithKey(GatewayHost.OperatorKey);
        (await operatorClient.GetAsync($"/api/v1/operations/{operationId}")).StatusCode.Should().Be(HttpStatusCode.OK, "the operator sees every tenant's operations");
        var list = await second.GetFromJsonAsync<JsonElement>("/api/v1/integrations");
        list.GetArrayLength().Should().Be(0);

        (await first.GetAsync($"/api/v1/integrations/{id}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_viewer_reads_but_cannot_connect()
    {
        var (tenantId, owner) = await Host.CreateTenantAsync();
        using var keyResponse = await owner.PostAsJsonAsync($"/api/v1/tenants/{tenantId}/api-keys", new { name = "dashboard", role = "viewer" });
        keyResponse.StatusCode.Should().Be(HttpStatusCode.Created);
        using var viewer = Host.ClientWithKey((await keyResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!);

        (await viewer.GetAsync("/api/v1/integrations")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var connect = await viewer.PostAsJsonAsync("/api/v1/integrations", new { platform = "widget", name = "x" });
        connect.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_deleted_integration_stops_accepting_webhooks()
    {
        var (_, owner) = await Host.CreateTenantAsync();
        var id = (await IntegrationOperations.ConnectSucceededAsync(owner, new
        {
            platform = "telegram", name = "Bot", credentials = new { botToken = TelegramBotToken, secretToken = "s3cret_token" },
        })).Id;
        (await owner.DeleteAsync($"/api/v1/integrations/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/telegram/{id}")
        {
            Content = JsonContent.Create(new { update_id = 1 }),
        };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "s3cret_token");
        using var response = await Host.Client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_platform_catalog_lists_telegram_and_the_widget_with_their_fields()
    {
        var (_, owner) = await Host.CreateTenantAsync();
        var platforms = await owner.GetFromJsonAsync<JsonElement>("/api/v1/platforms");
        var names = platforms.EnumerateArray().Select(p => p.GetProperty("platform").GetString()).ToList();
        names.Should().Contain(["telegram", "widget"]);
        var telegram = platforms.EnumerateArray().Single(p => p.GetProperty("platform").GetString() == "telegram");
        telegram.GetProperty("credentials").EnumerateArray().Select(f => f.GetProperty("name").GetString()).Should().Contain("botToken");
    }
}
