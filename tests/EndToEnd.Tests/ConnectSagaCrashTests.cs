using System.Net.Http.Json;
using System.Text.Json;
using DaprChannels.TestSupport.AdminApi;

namespace DaprChannels.EndToEnd.Tests;

/// <summary>The connect saga survives the process: killed mid-step, it resumes from its history when the host starts again.</summary>
public sealed class ConnectSagaCrashTests
{
    private const string BotToken = "7012345678:AAH-sagaCrashToken_abcdefghijklmno";
    private const string SecretToken = "saga_Secret-0123456789";

    [Fact]
    public async Task A_connect_killed_while_telegram_holds_its_setWebhook_call_completes_after_a_restart()
    {
        await using var gateway = await GatewayProcess.StartAsync();
        gateway.Telegram.AddBot(BotToken, "saga_bot");
        gateway.Telegram.Hold("setWebhook");
        using var owner = await gateway.CreateTenantAsync();

        using var accepted = await owner.PostAsJsonAsync("/api/v1/integrations", GatewayProcess.TelegramIntegration(BotToken, SecretToken));
        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        var location = accepted.Headers.Location!;
        var integrationId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        await gateway.Telegram.WaitForHeldCallAsync("setWebhook", TimeSpan.FromSeconds(60));
        var held = await owner.GetFromJsonAsync<JsonElement>(location);
        held.GetProperty("status").GetString().Should().Be("running");
        held.GetProperty("step").GetString().Should().Be("register-webhook");
        gateway.Telegram.WebhookOf(BotToken).Should().BeNull("the held call has not taken effect");

        // SIGKILL while the platform still holds the call: the step never completed, so it runs again.
        await gateway.Process.KillAsync();
        gateway.Telegram.Release("setWebhook");
        await gateway.Process.StartAsync();

        var done = await IntegrationOperations.WaitAsync(owner, location, TimeSpan.FromSeconds(90));
        done.GetProperty("status").GetString().Should().Be("succeeded", done.GetRawText());
        done.GetProperty("result").GetProperty("integrationStatus").GetString().Should().Be("active");
        done.GetRawText().Should().NotContain(BotToken).And.NotContain(SecretToken);

        var webhook = gateway.Telegram.WebhookOf(BotToken);
        webhook.Should().NotBeNull("the webhook ends registered");
        ((string?)webhook!["url"]).Should().Be($"{GatewayProcess.PublicBaseUrl}/webhooks/telegram/{integrationId}");
        ((string?)webhook["secret_token"]).Should().Be(SecretToken);
        (await owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{integrationId}")).GetProperty("status").GetString().Should().Be("active");

        // Nothing of the interrupted run is left holding the integration: the next operation starts at once.
        var test = await IntegrationOperations.RunAsync(owner, $"/api/v1/integrations/{integrationId}/test");
        test.GetProperty("status").GetString().Should().Be("succeeded", test.GetRawText());

        // And the integration receives.
        using var update = gateway.Update(integrationId, SecretToken, 1, 4242, "after the crash");
        (await gateway.Client.SendAsync(update)).StatusCode.Should().Be(HttpStatusCode.OK);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (gateway.Telegram.CallsTo("sendMessage").Count == 0)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the update should be answered");
            await Task.Delay(50);
        }
    }
}
