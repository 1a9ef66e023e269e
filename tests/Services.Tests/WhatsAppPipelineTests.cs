namespace DaprChannels.Services.Tests;

/// <summary>A WhatsApp Cloud API number connected through the admin API and answered through the Graph API simulator.</summary>
public sealed class WhatsAppPipelineTests : GatewayTest
{
    private const string PhoneNumberId = "106540352242922";
    private const string AccessToken = "EAAGm0PX4ZCpsBAKZBtestaccesstoken0123456789";
    private const string AppSecret = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private const string VerifyToken = "whatsapp-verify-token-123";
    private GraphApiSimulator _graph = null!;
    private string _integrationId = null!;

    protected override async Task<IReadOnlyDictionary<string, string?>> StartPlatformsAsync()
    {
        _graph = Platform(await GraphApiSimulator.StartAsync());
        _graph.AddPhoneNumber(AccessToken, PhoneNumberId, "+1 555-078-3881", "Acme Support");
        return new Dictionary<string, string?> { ["Channels:Meta:BaseUrl"] = _graph.BaseUrl.ToString() };
    }

    protected override async Task ArrangeAsync()
    {
        var connected = await IntegrationOperations.ConnectSucceededAsync(Owner, new
        {
            platform = "whatsapp",
            name = "Support line",
            config = new { phoneNumberId = PhoneNumberId },
            credentials = new { accessToken = AccessToken, appSecret = AppSecret, verifyToken = VerifyToken },
        });
        (connected.Accepted.GetRawText() + connected.Operation.GetRawText()).Should().NotContain(AccessToken).And.NotContain(AppSecret);
        _integrationId = connected.Id;
    }

    [Fact]
    public async Task Meta_verifies_the_callback_url_with_the_verify_token()
    {
        var url = $"/webhooks/whatsapp/{_integrationId}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=";
        using var right = await Host.Client.GetAsync(url + VerifyToken);
        right.StatusCode.Should().Be(HttpStatusCode.OK);
        (await right.Content.ReadAsStringAsync()).Should().Be("1158201444");

        using var wrong = await Host.Client.GetAsync(url + "nope");
        wrong.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Every_message_of_a_signed_batch_for_this_number_is_answered_and_a_forged_one_is_refused()
    {
        // Replies are free text, which WhatsApp takes only within 24 hours of the contact's message.
        var payload = MetaInbound.WithTimestampsAt(
            await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Root, "tests", "Channels.Tests", "WhatsApp", "Payloads", "batched.json")), DateTimeOffset.UtcNow);

        using var forged = Signed(payload, "0".PadLeft(32, '0'));
        (await Host.Client.SendAsync(forged)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        using var genuine = Signed(payload, AppSecret);
        (await Host.Client.SendAsync(genuine)).StatusCode.Should().Be(HttpStatusCode.OK);

        var sends = await _graph.WaitForSendsAsync(2, TimeSpan.FromSeconds(15));
        await Task.Delay(500);
        sends = _graph.Sends;
        sends.Should().Contain(s => s.Field("to") == "16505551234" && s.Field("text.body") == "You said: first");
        sends.Should().Contain(s => s.Field("to") == "447700900123" && s.Field("text.body") == "You said: second");
        sends.Should().NotContain(s => (s.Field("text.body") ?? "").Contains("someone else") || (s.Field("text.body") ?? "").Contains("another tenant"));
        sends.Should().OnlyContain(s => s.Path.Contains(PhoneNumberId));
    }

    private HttpRequestMessage Signed(byte[] payload, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/whatsapp/{_integrationId}")
        {
            Content = new ByteArrayContent(payload) { Headers = { ContentType = new("application/json") { CharSet = Encoding.UTF8.WebName } } },
        };
        request.Headers.Add("X-Hub-Signature-256", MetaSignatureVerifier.SignatureHeaderValue(secret, payload));
        return request;
    }
}
