using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using DaprChannels.Contracts.Messages;
using DaprChannels.Ingress.Webhooks;
using DaprChannels.Integrations;

namespace DaprChannels.Services.Tests;

/// <summary>
/// Malformed input is refused at the edge with problem details, or, once accepted, dropped on the
/// first attempt with the reason recorded: never a 500, never a round of retries.
/// </summary>
public sealed class MalformedInputTests : GatewayTest
{
    private string _widgetId = null!;
    private string _telegramId = null!;

    // The connect tests the bot token, so the bot must exist somewhere: at the simulator.
    protected override Task StartPlatformsAsync() => StartTelegramAsync("malformed_bot");

    protected override async Task ArrangeAsync()
    {
        _widgetId = (await IntegrationOperations.ConnectSucceededAsync(Owner, new { platform = "widget", name = "Site chat" })).Id;
        _telegramId = (await ConnectTelegramAsync()).Id;
    }

    [Theory]
    [InlineData("\"NaN\"", "13.4", "content.latitude")]
    [InlineData("\"Infinity\"", "13.4", "content.latitude")]
    [InlineData("52.5", "\"-Infinity\"", "content.longitude")]
    [InlineData("90.5", "13.4", "content.latitude")]
    [InlineData("52.5", "-180.01", "content.longitude")]
    public async Task A_location_that_is_not_a_coordinate_on_earth_is_refused_naming_the_field(string latitude, string longitude, string field)
    {
        var problem = await SendRefusedAsync($$"""{"type":"location","latitude":{{latitude}},"longitude":{{longitude}}}""");

        problem.GetProperty("errors").TryGetProperty(field, out var messages).Should().BeTrue(problem.ToString());
        messages[0].GetString().Should().Contain(field.Split('.')[1]);
    }

    [Theory]
    [InlineData("""{"type":"interactive","body":"Pick one","style":"buttons","sections":[{"title":null,"options":[null]}]}""", "content.sections[0].options[0]")]
    [InlineData("""{"type":"interactive","body":"Pick one","style":"buttons","sections":[null]}""", "content.sections[0]")]
    [InlineData("""{"type":"contacts","contacts":[null]}""", "content.contacts[0]")]
    [InlineData("""{"type":"contacts","contacts":[{"formattedName":"Ada","phones":["+4915112345678",null]}]}""", "content.contacts[0].phones[1]")]
    [InlineData("""{"type":"contacts","contacts":[{"formattedName":"Ada","emails":[null]}]}""", "content.contacts[0].emails[0]")]
    [InlineData("""{"type":"template","name":"order_update","languageCode":"en_US","bodyParameters":["a"],"headerParameters":[null]}""", "content.headerParameters[0]")]
    [InlineData("""{"type":"interactive","body":"Pick one","style":"buttons","sections":[{"title":null,"options":[{"id":null,"title":"Yes"}]}]}""", "content.sections[0].options[0].id")]
    [InlineData("""{"type":"text","text":null}""", "content.text")]
    public async Task Null_items_and_null_required_members_are_refused_before_anything_is_queued(string content, string field)
    {
        var problem = await SendRefusedAsync(content);

        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal([field], problem.ToString());
        (await Operator.GetFromJsonAsync<JsonElement>("/api/v1/dead-letters")).GetProperty("items").EnumerateArray()
            .Should().NotContain(d => d.GetProperty("topic").GetString() == "outbound.message", "nothing was queued");
    }

    [Fact]
    public async Task An_outbound_message_with_a_null_item_from_elsewhere_fails_once_without_retries()
    {
        var tenantId = (await Owner.GetFromJsonAsync<JsonElement>("/api/v1/integrations/" + _widgetId)).GetProperty("tenantId").GetString()!;
        var id = "api_" + Guid.NewGuid().ToString("N");
        const string visitor = "v_0123456789abcdefghijkl";
        await Host.Service<IEventPublisher>().PublishAsync(OutboundMessageRequested.Topic, new OutboundMessageRequested(
            id, DateTimeOffset.UtcNow, tenantId, _widgetId, "widget", ConversationIds.Conversation(_widgetId, visitor), visitor,
            new ContactsContent([null!]), MessageOrigin.Api));

        JsonElement view;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        do
        {
            await Task.Delay(100);
            using var response = await Owner.GetAsync($"/api/v1/integrations/{_widgetId}/messages/{id}");
            view = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
        }
        while (view.ValueKind != JsonValueKind.Object && DateTime.UtcNow < deadline);

        view.GetProperty("state").GetString().Should().Be("failed");

        view.GetProperty("errorCode").GetString().Should().Be("invalid_content");
        view.GetProperty("reason").GetString().Should().Contain("content.contacts[0]");
        await Task.Delay(500);
        (await Operator.GetFromJsonAsync<JsonElement>("/api/v1/dead-letters?topic=outbound.message")).GetProperty("total").GetInt64()
            .Should().Be(0, "a message that cannot be rendered is not retried until it runs out of attempts");
    }

    [Fact]
    public async Task A_signed_delivery_that_is_not_utf8_is_dropped_on_the_first_attempt_with_its_reason()
    {
        using var request = TelegramInbound.NotUtf8Text(_telegramId, 7001);
        (await Host.Client.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK, "the signature holds; parsing happens behind the queue");

        var deadLetter = await DeadLetterAsync(WebhookIntake.DeliveryEventId(_telegramId, "7001"));

        deadLetter.GetProperty("attempts").GetInt32().Should().Be(1, "a malformed body does not heal by retrying");
        deadLetter.GetProperty("reason").GetString().Should().StartWith("FormatException: ").And.Contain("UTF-8").And.NotContain(TelegramSecretToken);
    }

    [Theory]
    [InlineData("""{"id":"m_#","text":"hello"}""")]
    [InlineData("""{"id":"m_\uD800","text":"hello"}""")]
    public async Task A_widget_message_that_is_not_text_is_refused_with_its_reason_and_publishes_nothing(string json)
    {
        await using var visitor = await WidgetClient.StartAsync(Host.BaseAddress, _widgetId);
        var body = Encoding.UTF8.GetBytes(json);
        if (Array.IndexOf(body, (byte)'#') is var at and >= 0)
        {
            body[at] = 0xFF;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/widget/{_widgetId}/messages")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", visitor.Token);

        using var response = await Host.Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("not valid JSON");
        (await Host.Services.GetRequiredService<IDeadLetterReader>().CountAsync()).Should().Be(0, "nothing was accepted to be dropped later");
    }

    [Theory]
    [InlineData("POST", "/webhooks/telegram/{telegram}", "{\"update_id\":\"\\uD800\"}", "X-Telegram-Bot-Api-Secret-Token", TelegramSecretToken)]
    [InlineData("POST", "/webhooks/telegram/{telegram}", "{\"update_id\":1e400}", "X-Telegram-Bot-Api-Secret-Token", TelegramSecretToken)]
    [InlineData("POST", "/webhooks/telegram/{telegram}", "{}", "X-Telegram-Bot-Api-Secret-Token", "a b\t")]
    [InlineData("GET", "/webhooks/telegram/{telegram}?a=1&a=2&hub.mode=subscribe&hub.mode=x", "", null, null)]
    [InlineData("POST", "/webhooks/whatsapp/{widget}", "{}", "X-Hub-Signature-256", "sha256=zz")]
    [InlineData("POST", "/webhooks/%00/%FF", "{}", null, null)]
    [InlineData("GET", "/webhooks/meta?hub.mode=subscribe&hub.mode=subscribe&hub.challenge=1", "", null, null)]
    [InlineData("POST", "/webhooks/meta", "{}", "X-Hub-Signature-256", "sha256=")]
    [InlineData("POST", "/webhooks/360dialog", "{}", "D360-API-KEY", "x")]
    [InlineData("POST", "/widget/{widget}/messages", "{\"id\":\"m_1\",\"text\":\"hi\"}", "Authorization", "Bearer v_.")]
    [InlineData("POST", "/widget/{widget}/messages", "{\"id\":\"m_1\",\"text\":\"hi\"}", "Authorization", "Bearer v_0123456789abcdefghijkl.%%%")]
    [InlineData("GET", "/widget/{widget}/events?token=%FF%FE&after=-5", "", "Last-Event-ID", "99999999999999999999999")]
    [InlineData("GET", "/widget/{widget}/config", "", "Origin", "null")]
    [InlineData("POST", "/widget/{widget}/sessions", "not json at all", "Origin", "https://[::1")]
    [InlineData("POST", "/widget/{telegram}/sessions", "", null, null)]
    [InlineData("OPTIONS", "/widget/{widget}/messages", "", "Access-Control-Request-Headers", "authorization, content-type")]
    public async Task The_public_edge_answers_odd_requests_without_a_server_error(string method, string path, string body, string? header, string? value)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{telegram}", _telegramId).Replace("{widget}", _widgetId));
        if (method != "GET")
        {
            request.Content = new StringContent(Regex.Unescape(body), Encoding.UTF8, "application/json");
        }

        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(header, Regex.Unescape(value!));
        }

        using var response = await Host.Client.SendAsync(request);

        ((int)response.StatusCode).Should().BeLessThan(500, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> SendRefusedAsync(string content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/integrations/{_widgetId}/messages")
        {
            Content = new StringContent($$"""{"to":"v_0123456789abcdef","content":{{content}}}""", Encoding.UTF8, "application/json"),
        };
        using var response = await Owner.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The dead letter of <paramref name="eventId"/> on inbound.raw, once it is the only one for that event.</summary>
    private async Task<JsonElement> DeadLetterAsync(string eventId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var page = await Operator.GetFromJsonAsync<JsonElement>("/api/v1/dead-letters?topic=inbound.raw");
            var matches = page.GetProperty("items").EnumerateArray().Where(d => d.GetProperty("eventId").GetString() == eventId).ToList();
            if (matches.Count > 0)
            {
                matches.Should().ContainSingle();
                return matches[0].Clone();
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No dead letter for {eventId}; seen: {page}");
            }

            await Task.Delay(100);
        }
    }
}
