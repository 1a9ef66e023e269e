using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DaprChannels.TestSupport.AdminApi;
using DaprChannels.TestSupport.Simulators;

namespace DaprChannels.Services.Tests;

public sealed class DeadLetterTests
{
    [Fact]
    public async Task A_malformed_delivery_is_dead_lettered_and_visible_to_the_operator_only()
    {
        const string botToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
        await using var telegram = await TelegramApiSimulator.StartAsync();
        telegram.AddBot(botToken, "dlq_bot");
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Channels:Telegram:BaseUrl"] = telegram.BaseUrl.ToString() });
        var (_, owner) = await host.CreateTenantAsync();
        using (owner)
        {
            var id = (await IntegrationOperations.ConnectSucceededAsync(owner, new
            {
                platform = "telegram", name = "Bot", credentials = new { botToken, secretToken = "dlq_secret" },
            })).Id;
            using var malformed = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/telegram/{id}")
            {
                Content = new StringContent("{\"update_id\": 5, \"message\": ", System.Text.Encoding.UTF8, "application/json"),
            };
            malformed.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "dlq_secret");
            (await host.Client.SendAsync(malformed)).StatusCode.Should().Be(HttpStatusCode.OK, "the bytes are accepted; parsing happens behind the queue");

            (await owner.GetAsync("/api/v1/dead-letters")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

            using var operatorClient = host.ClientWithKey(GatewayHost.OperatorKey);
            JsonElement page = default;
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline)
            {
                page = await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/dead-letters?topic=inbound.raw");
                if (page.GetProperty("items").GetArrayLength() > 0)
                {
                    break;
                }

                await Task.Delay(100);
            }

            page.GetProperty("total").GetInt64().Should().Be(1);
            var item = page.GetProperty("items")[0];
            item.GetProperty("topic").GetString().Should().Be("inbound.raw");
            item.GetProperty("reason").GetString().Should().StartWith("FormatException: ").And.Contain("could not be parsed")
                .And.NotContain("dlq_secret");
            item.GetProperty("attempts").GetInt32().Should().Be(1, "a body that cannot be parsed is dropped, not retried");
        }
    }
}
