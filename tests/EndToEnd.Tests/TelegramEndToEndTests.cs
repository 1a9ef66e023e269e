namespace DaprChannels.EndToEnd.Tests;

public sealed class TelegramEndToEndTests : IAsyncLifetime
{
    private const string BotToken = "7012345678:AAGx3bZ-e2eTokenNeverLogged_0123456789";
    private const string SecretToken = "e2e_Secret-token_0123456789";
    private GatewayProcess _gateway = null!;
    private string _integrationId = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayProcess.StartAsync();
        _integrationId = await _gateway.ConnectTelegramAsync(BotToken, SecretToken);
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task An_update_with_the_right_secret_token_is_answered_through_sendMessage()
    {
        using var response = await _gateway.Client.SendAsync(_gateway.Update(_integrationId, SecretToken, 1001, 555001, "ping"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);

        var sends = await _gateway.Telegram.WaitForCallsAsync("sendMessage", 1, TimeSpan.FromSeconds(15));
        var send = sends.Single();
        send.Token.Should().Be(BotToken);
        send.Field("chat_id").Should().Be("555001");
        send.Field("text").Should().Be("You said: ping");
    }

    [Fact]
    public async Task One_trace_follows_a_message_from_the_webhook_to_the_platform_call()
    {
        const string traceId = "0af7651916cd43dd8448eb211c80319c";
        using var response = await _gateway.Client.SendAsync(
            _gateway.Update(_integrationId, SecretToken, 1501, 555015, "trace me", traceparent: $"00-{traceId}-b7ad6b7169203331-01"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);

        var send = (await _gateway.Telegram.WaitForCallsAsync("sendMessage", 1, TimeSpan.FromSeconds(15))).Single();
        send.TraceParent.Should().NotBeNull("outbound platform calls carry W3C trace context");
        send.TraceParent!.Split('-')[1].Should().Be(traceId, "the trace started at the webhook continues through every hop");
    }

    [Fact]
    public async Task A_wrong_or_missing_secret_token_gets_401_and_nothing_is_sent()
    {
        using var wrong = await _gateway.Client.SendAsync(_gateway.Update(_integrationId, "not-the-secret", 2001, 555002, "wrong"));
        using var missing = await _gateway.Client.SendAsync(_gateway.Update(_integrationId, null, 2002, 555002, "missing"));
        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        missing.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await wrong.Content.ReadAsStringAsync()).Should().NotContain(SecretToken);

        // A genuine update afterwards is the only one answered.
        using var genuine = await _gateway.Client.SendAsync(_gateway.Update(_integrationId, SecretToken, 2003, 555002, "genuine"));
        genuine.StatusCode.Should().Be(HttpStatusCode.OK);
        await _gateway.Telegram.WaitForCallsAsync("sendMessage", 1, TimeSpan.FromSeconds(15));
        await Task.Delay(500);
        _gateway.Telegram.CallsTo("sendMessage").Select(c => c.Field("text")).Should().Equal("You said: genuine");
    }

    [Fact]
    public async Task The_same_update_delivered_twice_produces_one_reply()
    {
        for (var i = 0; i < 3; i++)
        {
            using var response = await _gateway.Client.SendAsync(_gateway.Update(_integrationId, SecretToken, 3001, 555003, "twice"));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var marker = await _gateway.Client.SendAsync(_gateway.Update(_integrationId, SecretToken, 3002, 555003, "marker"));
        await _gateway.Telegram.WaitForCallsAsync("sendMessage", 2, TimeSpan.FromSeconds(15));
        await Task.Delay(500);
        _gateway.Telegram.CallsTo("sendMessage").Select(c => c.Field("text"))
            .Should().BeEquivalentTo(["You said: twice", "You said: marker"]);
    }

    [Fact]
    public async Task Unknown_integrations_oversized_and_malformed_bodies_get_clear_errors_and_the_host_keeps_working()
    {
        using var unknown = await _gateway.Client.SendAsync(_gateway.Update("int_doesnotexist", SecretToken, 4001, 555004, "x"));
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        unknown.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");

        using var huge = _gateway.Update(_integrationId, SecretToken, 4002, 555004, new string('x', 2 * 1024 * 1024));
        using var tooLarge = await _gateway.Client.SendAsync(huge);
        tooLarge.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);

        using var malformed = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/telegram/{_integrationId}")
        {
            Content = new StringContent("{\"update_id\": 4003, \"message\": {\"chat\": ", System.Text.Encoding.UTF8, "application/json"),
        };
        malformed.Headers.Add("X-Telegram-Bot-Api-Secret-Token", SecretToken);
        using var malformedResponse = await _gateway.Client.SendAsync(malformed);
        ((int)malformedResponse.StatusCode).Should().BeLessThan(500);

        using var after = await _gateway.Client.SendAsync(_gateway.Update(_integrationId, SecretToken, 4004, 555004, "still alive"));
        after.StatusCode.Should().Be(HttpStatusCode.OK);
        var sends = await _gateway.Telegram.WaitForCallsAsync("sendMessage", 1, TimeSpan.FromSeconds(15));
        sends.Select(c => c.Field("text")).Should().Contain("You said: still alive");
        _gateway.Process.IsRunning.Should().BeTrue();
    }

    [Fact]
    public async Task Credentials_never_appear_in_the_logs()
    {
        using var response = await _gateway.Client.SendAsync(_gateway.Update(_integrationId, SecretToken, 5001, 555005, "log check"));
        using var rejected = await _gateway.Client.SendAsync(_gateway.Update(_integrationId, "wrong-secret", 5002, 555005, "x"));
        _gateway.Telegram.FailNext("sendMessage", 1, TestSupport.Simulators.TelegramSimulatedFailure.ServerError());
        using var failing = await _gateway.Client.SendAsync(_gateway.Update(_integrationId, SecretToken, 5003, 555005, "fails once"));
        await _gateway.Telegram.WaitForCallsAsync("sendMessage", 3, TimeSpan.FromSeconds(20));

        var output = _gateway.Process.Output;
        output.Should().NotBeEmpty();
        output.Should().NotContain(BotToken).And.NotContain(BotToken.Split(':')[1]).And.NotContain(SecretToken);
    }
}
