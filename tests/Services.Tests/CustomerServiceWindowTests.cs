using DaprChannels.BuildingBlocks;
using DaprChannels.Channels.Abstractions;
using DaprChannels.Contracts.Messages;
using DaprChannels.Dispatcher;
using DaprChannels.Dispatcher.Sending;

namespace DaprChannels.Services.Tests;

/// <summary>
/// The 24-hour customer-service window through the whole pipeline: the contact's message time,
/// recorded by the Normalizer, decides whether the bot's reply goes as text, as the integration's
/// fallback template, or fails with a reason, and the platform's own refusal (131047) is handled alike.
/// </summary>
public sealed class CustomerServiceWindowTests : GatewayTest
{
    private const string WithTemplateNumber = WhatsAppPhoneNumberId;
    private const string WithoutTemplateNumber = "106540352242933";
    private const string Template = "reply_followup";
    private GraphApiSimulator _graph = null!;
    private string _withTemplate = null!;
    private string _withoutTemplate = null!;
    private string _messenger = null!;

    protected override async Task StartPlatformsAsync()
    {
        _graph = await StartWhatsAppAsync();
        _graph.AddPhoneNumber(WhatsAppAccessToken, WithoutTemplateNumber, "+1 555-078-3882", "Acme Sales")
            .AddPage(PageAccessToken, MessengerPageId, "Acme")
            .AddTemplate(Template, "en_US", bodyParameters: 1);
    }

    protected override async Task ArrangeAsync()
    {
        _withTemplate = await ConnectAsync("whatsapp", new Dictionary<string, string>
        {
            ["phoneNumberId"] = WithTemplateNumber,
            [WindowTemplate.NameField] = Template,
            [WindowTemplate.LanguageField] = "en_US",
            [WindowTemplate.ParameterField] = "text",
        }, new { accessToken = WhatsAppAccessToken, appSecret = MetaAppSecret });
        _withoutTemplate = await ConnectAsync("whatsapp", new Dictionary<string, string> { ["phoneNumberId"] = WithoutTemplateNumber },
            new { accessToken = WhatsAppAccessToken, appSecret = MetaAppSecret });
        _messenger = (await IntegrationOperations.ConnectSucceededAsync(Owner, SampleIntegrations.Messenger("messenger"))).Id;
    }

    [Fact]
    public async Task Inside_the_window_the_reply_goes_as_free_text()
    {
        var record = await WhatsAppRoundTripAsync(_withTemplate, WithTemplateNumber, "15550001001", "wamid.WINDOW.OPEN", DateTimeOffset.UtcNow.AddHours(-1));

        record.Status.Should().Be(DeliveryStatus.Sent);
        record.Degradations.Should().BeEmpty();
        var send = _graph.Sends.Single(s => s.Field("to") == "15550001001");
        send.Field("type").Should().Be("text");
        send.Field("text.body").Should().Be("You said: are you open?");
    }

    [Theory]
    [InlineData(48 * 60 * 60)]
    [InlineData((24 * 60 * 60) - 30)] // Inside 24 hours, but within the safety margin of the window's end.
    public async Task Outside_the_window_the_configured_template_goes_with_the_reply_as_its_parameter(int secondsAgo)
    {
        var to = "1555000" + secondsAgo.ToString(System.Globalization.CultureInfo.InvariantCulture)[..4];
        var record = await WhatsAppRoundTripAsync(_withTemplate, WithTemplateNumber, to, $"wamid.WINDOW.CLOSED.{secondsAgo}",
            DateTimeOffset.UtcNow.AddSeconds(-secondsAgo));

        record.Status.Should().Be(DeliveryStatus.Sent);
        record.PlatformMessageId.Should().StartWith("wamid.SIM");
        record.Degradations.Should().Contain(CustomerServiceWindow.TemplateDegradation);
        var send = _graph.Sends.Where(s => s.Field("to") == to).Should().ContainSingle().Subject;
        send.StatusCode.Should().Be(200);
        send.Field("type").Should().Be("template");
        send.Field("template.name").Should().Be(Template);
        send.Field("template.language.code").Should().Be("en_US");
        send.Node("template.components")![0]!["parameters"]![0]!["text"]!.GetValue<string>().Should().Be("You said: are you open?");
    }

    [Fact]
    public async Task Outside_the_window_without_a_template_the_reply_fails_with_a_reason_and_nothing_is_sent()
    {
        var lastWrote = DateTimeOffset.UtcNow.AddDays(-3);
        var record = await WhatsAppRoundTripAsync(_withoutTemplate, WithoutTemplateNumber, "15550003003", "wamid.WINDOW.NOTEMPLATE", lastWrote);

        record.Status.Should().Be(DeliveryStatus.Failed);
        record.ErrorCode.Should().Be(SendErrorCodes.OutsideCustomerServiceWindow);
        record.ErrorReason.Should().Contain("closed at " + lastWrote.AddHours(24).UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture))
            .And.Contain(WindowTemplate.NameField).And.Contain(WindowTemplate.LanguageField);
        record.ErrorReason.Should().NotContain(WhatsAppAccessToken);
        await Task.Delay(300);
        _graph.Sends.Should().NotContain(s => s.Path.Contains(WithoutTemplateNumber));
    }

    [Fact]
    public async Task When_the_platform_says_the_window_is_closed_the_template_goes_once()
    {
        _graph.CloseWindow("15550004004");

        var record = await WhatsAppRoundTripAsync(_withTemplate, WithTemplateNumber, "15550004004", "wamid.WINDOW.PLATFORM", DateTimeOffset.UtcNow.AddMinutes(-5));

        record.Status.Should().Be(DeliveryStatus.Sent);
        record.Degradations.Should().Contain(CustomerServiceWindow.TemplateDegradation);
        await Task.Delay(300);
        var sends = _graph.Sends.Where(s => s.Field("to") == "15550004004").ToList();
        sends.Select(s => (s.Field("type"), s.StatusCode)).Should().Equal(("text", 400), ("template", 200));
    }

    [Fact]
    public async Task When_the_platform_says_the_window_is_closed_and_there_is_no_template_the_reply_fails_after_one_try()
    {
        _graph.CloseWindow("15550005005");

        var record = await WhatsAppRoundTripAsync(_withoutTemplate, WithoutTemplateNumber, "15550005005", "wamid.WINDOW.PLATFORM.NOTEMPLATE",
            DateTimeOffset.UtcNow.AddMinutes(-5));

        record.Status.Should().Be(DeliveryStatus.Failed);
        record.ErrorCode.Should().Be(SendErrorCodes.OutsideCustomerServiceWindow);
        record.ErrorReason.Should().Contain("131047").And.Contain(WindowTemplate.NameField);
        await Task.Delay(300);
        _graph.Sends.Where(s => s.Field("to") == "15550005005").Should().ContainSingle().Which.StatusCode.Should().Be(400);
    }

    [Fact]
    public async Task On_messenger_outside_the_window_the_reply_fails_clearly_since_it_has_no_templates()
    {
        var mid = "m_window_closed_1";
        var body = MetaInbound.MessengerText(MessengerPageId, "24680135792468", mid, "are you open?", DateTimeOffset.UtcNow.AddDays(-2));
        await PostSignedAsync($"/webhooks/messenger/{_messenger}", body);

        var record = await SendRecordAsync(_messenger, mid);

        record.Status.Should().Be(DeliveryStatus.Failed);
        record.ErrorCode.Should().Be(SendErrorCodes.OutsideCustomerServiceWindow);
        record.ErrorReason.Should().Contain("until the contact writes again");
        await Task.Delay(300);
        _graph.Sends.Should().NotContain(s => s.Field("recipient.id") == "24680135792468");
    }

    [Fact]
    public async Task The_platform_catalog_shows_the_fallback_template_settings_for_whatsapp()
    {
        var platforms = await Owner.GetFromJsonAsync<JsonElement>("/api/v1/platforms");

        var whatsapp = platforms.EnumerateArray().Single(p => p.GetProperty("platform").GetString() == Platforms.WhatsApp);
        whatsapp.GetProperty("config").EnumerateArray().Select(f => f.GetProperty("name").GetString())
            .Should().Contain([WindowTemplate.NameField, WindowTemplate.LanguageField, WindowTemplate.ParameterField]);
        whatsapp.GetProperty("capabilities").GetProperty("templates").GetBoolean().Should().BeTrue();
    }

    private async Task<OutboundSendRecord> WhatsAppRoundTripAsync(string integrationId, string phoneNumberId, string from, string wamid, DateTimeOffset sentAt)
    {
        await PostSignedAsync($"/webhooks/whatsapp/{integrationId}", MetaInbound.WhatsAppText(phoneNumberId, from, wamid, "are you open?", sentAt));
        return await SendRecordAsync(integrationId, wamid);
    }

    /// <summary>The Dispatcher's record of the bot's first reply, which follows from the inbound message's id.</summary>
    private async Task<OutboundSendRecord> SendRecordAsync(string integrationId, string platformMessageId)
    {
        var outboundId = StableId.From("out_", StableId.From("in_", integrationId, platformMessageId), "0");
        var state = Host.Service<IStateStore>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if ((await state.GetAsync<OutboundSendRecord>(DispatcherStateKeys.OutboundSend(outboundId)))?.Value is { IsFinal: true } record)
            {
                return record;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No send record for the reply to {platformMessageId}.");
    }

    private async Task PostSignedAsync(string path, byte[] body)
    {
        using var request = MetaInbound.Signed(path, body);
        using var response = await Host.Client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private async Task<string> ConnectAsync(string platform, Dictionary<string, string> config, object credentials)
    {
        return (await IntegrationOperations.ConnectSucceededAsync(Owner, new { platform, name = platform, config, credentials })).Id;
    }
}
