using System.Net.Sockets;
using DaprChannels.Integrations;
using Microsoft.Extensions.Options;

namespace DaprChannels.Services.Tests;

/// <summary>
/// Tenants' URLs through the admin API and the pipeline: refused when saved with a validation
/// problem naming the field, and refused again when called, dropping the message at once. Every
/// refused target here is refused before a connection is made; nothing leaves loopback.
/// </summary>
public sealed class OutboundUrlTests : GatewayTest
{
    protected override async Task StartPlatformsAsync()
    {
        // No real platform either: Meta's Graph API at a closed loopback port, Telegram at its simulator.
        Settings["Channels:Meta:BaseUrl"] = "http://127.0.0.1:9";
        await StartTelegramAsync("outbound_bot");
    }

    [Theory]
    [InlineData(BotKinds.Http, "http://127.0.0.1:8080/bot", "loopback")]
    [InlineData(BotKinds.Http, "https://127.0.0.1/bot", "loopback")]
    [InlineData(BotKinds.Http, "https://169.254.169.254/latest/meta-data/", "metadata")]
    [InlineData(BotKinds.Http, "https://0x7f000001/bot", "loopback")]
    [InlineData(BotKinds.Http, "file:///etc/passwd", "https")]
    [InlineData(BotKinds.Http, "https://localhost:3500/v1.0/state/statestore", "3500")]
    [InlineData(BotKinds.OpenAi, "https://[::ffff:127.0.0.1]/v1", "loopback")]
    [InlineData(BotKinds.OpenAi, "https://[64:ff9b::a9fe:a9fe]/v1", "169.254.169.254")]
    [InlineData(BotKinds.OpenAi, "https://10.0.0.5/v1", "private")]
    [InlineData(BotKinds.OpenAi, null, "Required")]
    public async Task Creating_an_integration_whose_bot_endpoint_points_inside_is_a_validation_problem(string kind, string? endpoint, string reason)
    {
        using var response = await Owner.PostAsJsonAsync("/api/v1/integrations", SampleIntegrations.Telegram(new { kind, endpoint }));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        errors.GetProperty("bot.endpoint")[0].GetString().Should().Contain(reason);
        (await Owner.GetFromJsonAsync<JsonElement>("/api/v1/integrations")).GetArrayLength().Should().Be(0, "nothing was saved");
    }

    [Fact]
    public async Task A_public_https_bot_endpoint_is_saved()
    {
        using var response = await Owner.PostAsJsonAsync("/api/v1/integrations",
            SampleIntegrations.Telegram(new { kind = BotKinds.Http, endpoint = "https://93.184.216.34/bot" }));

        response.StatusCode.Should().Be(HttpStatusCode.Accepted, "the integration is stored and its connect started");
    }

    [Fact]
    public async Task Changing_the_bot_endpoint_to_an_inside_address_is_a_validation_problem()
    {
        var id = (await ConnectTelegramAsync()).Id;

        using var response = await Owner.PatchAsJsonAsync($"/api/v1/integrations/{id}", new
        {
            bot = new { kind = BotKinds.Http, endpoint = "https://[::127.0.0.1]/bot" },
        });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("bot.endpoint")[0].GetString()
            .Should().Contain("loopback");
        (await Owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{id}")).GetProperty("bot").GetProperty("kind").GetString()
            .Should().Be(BotKinds.Rules);
    }

    [Theory]
    [InlineData("https://[64:ff9b::a9fe:a9fe]/leads", "169.254.169.254")]
    [InlineData("https://[2002:7f00:1::]/leads", "loopback")]
    [InlineData("https://[::127.0.0.1]/leads", "loopback")]
    [InlineData("http://crm.example.com/leads", "https")]
    [InlineData("https://user:pw@crm.example.com/leads", "user name")]
    public async Task A_lead_webhook_url_pointing_inside_is_a_validation_problem(string url, string reason)
    {
        using var response = await Owner.PostAsJsonAsync("/api/v1/integrations", new
        {
            platform = "leadads", name = "Leads",
            config = new { pageId = "1067280970047460", leadAction = "webhook" },
            credentials = new { pageAccessToken = "EAAJZCpagetokenforoutboundtest0123", appSecret = "6a5b4c3d2e1f00112233445566778899", leadWebhookSecret = "lead-secret", leadWebhookUrl = url },
        });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("credentials.leadWebhookUrl")[0].GetString()
            .Should().Contain(reason);
    }

    [Fact]
    public async Task A_stored_bot_endpoint_that_is_refused_when_called_drops_the_message_after_one_attempt_without_connecting()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var id = (await ConnectTelegramAsync()).Id;
        // As if saved before the check existed: the record is changed behind the admin API.
        var endpoint = $"https://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/bot";
        await Host.ReadModel.UpdateAsync<IntegrationRecord>(IntegrationReadModelKeys.Integration(id),
            current => current! with { Bot = new BotSettings(BotKinds.Http, Endpoint: endpoint, MarkAsRead: false, ShowTyping: false) });
        Host.Service<IntegrationDirectory>().Invalidate(id);

        using var update = TelegramInbound.Text(id, 41, 900, "hello");
        (await Host.Client.SendAsync(update)).StatusCode.Should().Be(HttpStatusCode.OK);

        var page = await Host.WaitForDeadLettersAsync(Topics.InboundMessage);
        var item = page.GetProperty("items").EnumerateArray().Should().ContainSingle().Subject;
        item.GetProperty("attempts").GetInt32().Should().Be(1, "a refused endpoint is refused on every attempt, so it is not retried");
        listener.Pending().Should().BeFalse("the refusal comes before any connection");
    }

    [Fact]
    public async Task A_production_host_with_the_test_only_loopback_switch_does_not_start()
    {
        var data = DataDirectories.NewPath("dc-tests-");
        var app = AllInOne.Program.Build(
        [
            "--urls=http://127.0.0.1:0", "--BuildingBlocks:Mode=Embedded", $"--BuildingBlocks:Embedded:DataDirectory={data}",
            "--DaprChannels:OperatorKey=" + GatewayHost.OperatorKey, "--DaprChannels:OutboundUrls:AllowLoopbackForTesting=true",
        ]);
        try
        {
            var start = () => app.StartAsync();

            (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("AllowLoopbackForTesting");
        }
        finally
        {
            await app.DisposeAsync();
            DataDirectories.Delete(data);
        }
    }
}
