namespace DaprChannels.Services.Tests;

/// <summary>The lifecycle operations through the admin API: disconnect and connect again, one operation at a time.</summary>
public sealed class LifecycleApiTests : GatewayTest
{
    private const string PublicBaseUrl = "https://hooks.example.com";

    private TelegramApiSimulator _telegram = null!;

    protected override async Task StartPlatformsAsync()
    {
        _telegram = await StartTelegramAsync("lifecycle_bot");
        Settings["DaprChannels:PublicBaseUrl"] = PublicBaseUrl;
    }

    [Fact]
    public async Task A_disconnected_integration_has_its_webhook_removed_receives_nothing_and_connects_again()
    {
        var connected = await ConnectTelegramAsync();
        ((string?)_telegram.WebhookOf(TelegramBotToken)!["url"]).Should().Be($"{PublicBaseUrl}/webhooks/telegram/{connected.Id}");

        var disconnect = await IntegrationOperations.RunAsync(Owner, $"/api/v1/integrations/{connected.Id}/disconnect");

        disconnect.GetProperty("kind").GetString().Should().Be("disconnect");
        disconnect.GetProperty("status").GetString().Should().Be("succeeded", disconnect.GetRawText());
        _telegram.WebhookOf(TelegramBotToken).Should().BeNull("deleteWebhook was called");
        (await Owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{connected.Id}")).GetProperty("status").GetString().Should().Be("disconnected");
        using (var update = TelegramInbound.Text(connected.Id, 1, 42, "hi"))
        {
            (await Host.Client.SendAsync(update)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        var again = await IntegrationOperations.RunAsync(Owner, $"/api/v1/integrations/{connected.Id}/connect");

        again.GetProperty("status").GetString().Should().Be("succeeded", again.GetRawText());
        (await Owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{connected.Id}")).GetProperty("status").GetString().Should().Be("active");
        _telegram.WebhookOf(TelegramBotToken).Should().NotBeNull();
        var operations = await Owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{connected.Id}/operations");
        operations.EnumerateArray().Select(o => o.GetProperty("kind").GetString()).Should().Equal("connect", "disconnect", "connect");
    }

    [Fact]
    public async Task A_connect_asks_Telegram_again_when_it_could_not_answer_and_then_succeeds()
    {
        _telegram.FailNext("getMe", 2, TelegramSimulatedFailure.ServerError());

        var connected = await ConnectTelegramAsync();

        _telegram.CallsTo("getMe").Select(c => c.StatusCode).Should().StartWith([500, 500]).And.Contain(200);
        (await Owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{connected.Id}")).GetProperty("status").GetString().Should().Be("active");
    }

    [Fact]
    public async Task A_second_operation_while_a_connect_runs_is_a_conflict_naming_the_running_one()
    {
        _telegram.Hold("setWebhook");
        using var accepted = await Owner.PostAsJsonAsync("/api/v1/integrations", SampleIntegrations.Telegram());
        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var body = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;
        var operationId = body.GetProperty("operation").GetProperty("id").GetString()!;
        await _telegram.WaitForHeldCallAsync("setWebhook", TimeSpan.FromSeconds(30));

        using var test = await Owner.PostAsync($"/api/v1/integrations/{id}/test", null);

        test.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await test.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("operationId").GetString().Should().Be(operationId);
        (await Owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{id}")).GetProperty("status").GetString().Should().Be("pending");

        _telegram.Release("setWebhook");
        var done = await IntegrationOperations.WaitAsync(Owner, accepted.Headers.Location!);
        done.GetProperty("status").GetString().Should().Be("succeeded", done.GetRawText());
        (await IntegrationOperations.RunAsync(Owner, $"/api/v1/integrations/{id}/test")).GetProperty("status").GetString().Should().Be("succeeded");
    }

    [Fact]
    public async Task A_test_message_reports_its_delivery_status()
    {
        var connected = await ConnectTelegramAsync();

        var test = await IntegrationOperations.RunAsync(Owner, $"/api/v1/integrations/{connected.Id}/test", new { to = "4242", text = "ping", timeoutSeconds = 30 });

        test.GetProperty("status").GetString().Should().Be("succeeded", test.GetRawText());
        test.GetProperty("result").GetProperty("details").GetProperty("testMessage").GetString().Should().Be("sent");
        _telegram.CallsTo("sendMessage").Should().ContainSingle().Which.Field("text").Should().Be("ping");
    }

    [Fact]
    public async Task Invalid_test_input_is_a_validation_problem_and_starts_nothing()
    {
        var connected = await ConnectTelegramAsync();

        using var invalid = await Owner.PostAsJsonAsync($"/api/v1/integrations/{connected.Id}/test", new { to = "4242", timeoutSeconds = 0 });

        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await invalid.Content.ReadAsStringAsync()).Should().Contain("timeoutSeconds");
        (await Owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{connected.Id}/operations")).GetArrayLength().Should().Be(1, "only the connect ran");
    }
}
