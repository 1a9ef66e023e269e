namespace DaprChannels.Services.Tests;

/// <summary>A WhatsApp Cloud API number connected through the admin API and answered through the Graph API simulator.</summary>
public sealed class WhatsAppPipelineTests : GatewayTest
{
    private const string VerifyToken = "whatsapp-verify-token-123";
    private GraphApiSimulator _graph = null!;
    private string _integrationId = null!;

    protected override async Task StartPlatformsAsync() => _graph = await StartWhatsAppAsync();

    protected override async Task ArrangeAsync()
    {
        var connected = await IntegrationOperations.ConnectSucceededAsync(Owner, SampleIntegrations.WhatsApp("Support line", verifyToken: VerifyToken));
        (connected.Accepted.GetRawText() + connected.Operation.GetRawText()).Should().NotContain(WhatsAppAccessToken).And.NotContain(MetaAppSecret);
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

        using var forged = MetaInbound.Signed($"/webhooks/whatsapp/{_integrationId}", payload, "0".PadLeft(32, '0'));
        (await Host.Client.SendAsync(forged)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        using var genuine = MetaInbound.Signed($"/webhooks/whatsapp/{_integrationId}", payload);
        (await Host.Client.SendAsync(genuine)).StatusCode.Should().Be(HttpStatusCode.OK);

        var sends = await _graph.WaitForSendsAsync(2, TimeSpan.FromSeconds(15));
        await Task.Delay(500);
        sends = _graph.Sends;
        sends.Should().Contain(s => s.Field("to") == "16505551234" && s.Field("text.body") == "You said: first");
        sends.Should().Contain(s => s.Field("to") == "447700900123" && s.Field("text.body") == "You said: second");
        sends.Should().NotContain(s => (s.Field("text.body") ?? "").Contains("someone else") || (s.Field("text.body") ?? "").Contains("another tenant"));
        sends.Should().OnlyContain(s => s.Path.Contains(WhatsAppPhoneNumberId));
    }
}
