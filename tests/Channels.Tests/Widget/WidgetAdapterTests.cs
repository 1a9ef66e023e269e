using Microsoft.Extensions.Options;

namespace DaprChannels.Channels.Tests.Widget;

public class WidgetAdapterTests
{
    private static readonly string Secret = WidgetCredentials.GenerateSecret();
    private static readonly string Visitor = WidgetVisitorToken.NewVisitorId();

    private static WidgetAdapter Adapter(IWidgetReplySink? sink = null)
    {
        var services = new ServiceCollection();
        if (sink is not null)
        {
            services.AddSingleton(sink);
        }

        return new WidgetAdapter(services.BuildServiceProvider(), new StaticOptions(new WidgetOptions()));
    }

    private static ChannelIntegration Integration(string? previous = null, string? allowedOrigins = null)
    {
        var credentials = new Dictionary<string, string> { ["widgetSecret"] = Secret };
        if (previous is not null)
        {
            credentials["previousWidgetSecret"] = previous;
        }

        var config = new Dictionary<string, string>();
        if (allowedOrigins is not null)
        {
            config["allowedOrigins"] = allowedOrigins;
        }

        return new ChannelIntegration("int-w", "tenant-1", Platforms.Widget, config, credentials);
    }

    private static WebhookRequest Request(string? authorization, string body = """{"id":"m1","text":"hi"}""")
    {
        var headers = new Dictionary<string, string>();
        if (authorization is not null)
        {
            headers["Authorization"] = authorization;
        }

        return new WebhookRequest("POST", new Uri("https://chat.example.com/widget/int-w/messages"), new Dictionary<string, string>(), headers, Encoding.UTF8.GetBytes(body));
    }

    private static RawDelivery Delivery(string body, string? visitor = null) =>
        new("raw-w", new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero), "tenant-1", "int-w", Platforms.Widget, "application/json",
            Encoding.UTF8.GetBytes(body), new Dictionary<string, string> { [WidgetParser.VisitorHeader] = visitor ?? Visitor });

    [Fact]
    public void Verify_accepts_a_token_issued_with_the_secret_and_returns_its_visitor()
    {
        var verdict = WidgetWebhookVerifier.Verify(Request("Bearer " + WidgetVisitorToken.Issue(Secret, Visitor)), Integration(), out var visitor);

        verdict.IsValid.Should().BeTrue();
        visitor.Should().Be(Visitor);
    }

    [Fact]
    public void Verify_accepts_the_previous_secret_during_rotation()
    {
        var previous = WidgetCredentials.GenerateSecret();
        var token = "Bearer " + WidgetVisitorToken.Issue(previous, Visitor);

        Adapter().Verify(Request(token), Integration(previous)).IsValid.Should().BeTrue();
        Adapter().Verify(Request(token), Integration()).IsValid.Should().BeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic abc")]
    [InlineData("Bearer ")]
    [InlineData("Bearer v_AAAAAAAAAAAAAAAAAAAAAA.AAAA")]
    public void Verify_rejects_missing_or_bad_tokens_without_naming_them(string? authorization)
    {
        var verdict = Adapter().Verify(Request(authorization), Integration());

        verdict.IsValid.Should().BeFalse();
        verdict.Reason.Should().NotContain(Secret);
    }

    [Fact]
    public void Delivery_id_is_the_client_message_id_scoped_to_the_visitor_when_well_formed()
    {
        var bearer = "Bearer " + WidgetVisitorToken.Issue(Secret, Visitor);
        Adapter().DeliveryId(Request(bearer, """{"text":"x","id":"msg_01-AB"}""")).Should().Be(Visitor + ":msg_01-AB");
        var other = WidgetVisitorToken.NewVisitorId();
        Adapter().DeliveryId(Request("Bearer " + WidgetVisitorToken.Issue(Secret, other), """{"text":"x","id":"msg_01-AB"}"""))
            .Should().Be(other + ":msg_01-AB", "the same browser id from two visitors is two deliveries");
        Adapter().DeliveryId(Request(bearer, """{"id":"has space"}""")).Should().BeNull();
        Adapter().DeliveryId(Request(bearer, $$"""{"id":"{{new string('a', 65)}}"}""")).Should().BeNull();
        Adapter().DeliveryId(Request(bearer, "not json")).Should().BeNull();
        Adapter().DeliveryId(Request(null, """{"text":"x","id":"msg_01-AB"}""")).Should().BeNull();
    }

    [Fact]
    public void Text_is_trimmed_and_addressed_to_the_verified_visitor()
    {
        var message = Adapter().Parse(Delivery("""{"id":"m1","text":"  Hello there  ","name":"Dana","visitorId":"v_SPOOFEDSPOOFEDSPOOFED"}"""), Integration())
            .Messages.Single();

        message.Content.Should().Be(new TextContent("Hello there"));
        message.PlatformMessageId.Should().Be(Visitor + ":m1");
        message.ChannelAddress.Should().Be(Visitor);
        message.Sender.Should().Be(new ContactRef(Visitor, "Dana"));
        message.SentAt.Should().Be(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Button_click_is_an_interactive_reply()
    {
        var message = Adapter().Parse(Delivery("""{"id":"m2","optionId":"order:1042","title":"Order #1042"}"""), Integration()).Messages.Single();

        message.Content.Should().Be(new InteractiveReplyContent("order:1042", "Order #1042"));
    }

    [Theory]
    [InlineData("""{"id":"m3","text":"   "}""")]
    [InlineData("""{"text":"no id"}""")]
    [InlineData("""{"id":"bad id","text":"x"}""")]
    [InlineData("""{"id":"m4","text":""")]
    [InlineData("[]")]
    public void Bad_bodies_are_format_errors(string body)
    {
        var parse = () => Adapter().Parse(Delivery(body), Integration());

        parse.Should().Throw<FormatException>();
    }

    [Fact]
    public void Text_over_4000_characters_is_a_format_error()
    {
        var parse = () => Adapter().Parse(Delivery($$"""{"id":"m5","text":"{{new string('x', 4001)}}"}"""), Integration());

        parse.Should().Throw<FormatException>();
        Adapter().Parse(Delivery($$"""{"id":"m6","text":"{{new string('x', 4000)}}"}"""), Integration()).Messages.Should().ContainSingle();
    }

    [Fact]
    public void Delivery_without_a_verified_visitor_is_a_format_error()
    {
        var parse = () => Adapter().Parse(Delivery("""{"id":"m1","text":"hi"}""", visitor: "someone"), Integration());

        parse.Should().Throw<FormatException>();
    }

    [Fact]
    public async Task Send_hands_the_rendered_reply_to_the_sink()
    {
        var sink = new RecordingSink();
        var message = Outbound(new InteractiveContent("Pick", InteractiveStyle.Buttons,
            [new InteractiveSection(null, Enumerable.Range(1, 11).Select(i => new InteractiveOption($"o{i}", $"Option {i}")).ToList())]));

        var result = await Adapter(sink).SendAsync(message, Integration(), CancellationToken.None);

        result.Status.Should().Be(SendStatus.Sent);
        result.PlatformMessageId.Should().Be($"{Visitor}:7");
        result.Degradations.Should().Contain("interactive->text");
        var delivered = sink.Delivered.Single();
        delivered.VisitorId.Should().Be(Visitor);
        delivered.OutboundId.Should().Be("out-w");
        delivered.Content.Should().BeOfType<TextContent>().Which.Text.Should().Contain("11. Option 11");
    }

    [Fact]
    public async Task Send_without_a_sink_is_permanent()
    {
        var result = await Adapter().SendAsync(Outbound(new TextContent("hi")), Integration(), CancellationToken.None);

        result.Status.Should().Be(SendStatus.Permanent);
        result.Reason.Should().Be("no widget reply sink");
    }

    [Fact]
    public async Task Sink_failure_is_transient()
    {
        var result = await Adapter(new RecordingSink { Fail = true }).SendAsync(Outbound(new TextContent("hi")), Integration(), CancellationToken.None);

        result.Status.Should().Be(SendStatus.Transient);
    }

    [Fact]
    public void Missing_secret_is_generated_as_32_bytes_base64url()
    {
        var prepared = Adapter().PrepareCredentials(new Dictionary<string, string>());

        prepared["widgetSecret"].Should().MatchRegex("^[A-Za-z0-9_-]{43}$");
    }

    [Fact]
    public async Task Nothing_to_test_refresh_or_register()
    {
        var adapter = Adapter();

        (await adapter.TestCredentialsAsync(Integration(), CancellationToken.None)).Ok.Should().BeTrue();
        (await adapter.RefreshCredentialsAsync(Integration(), CancellationToken.None)).Refreshed.Should().BeFalse();
        (await adapter.RegisterWebhookAsync(Integration(), new Uri("https://x.example"), CancellationToken.None)).Ok.Should().BeFalse();
    }

    [Theory]
    [InlineData(null, "https://shop.example.com", true)]
    [InlineData("https://shop.example.com, https://blog.example.com", "https://blog.example.com", true)]
    [InlineData("https://shop.example.com", "https://evil.example.com", false)]
    [InlineData("https://shop.example.com", null, false)]
    public void Origins_are_checked_against_the_allowed_list(string? allowed, string? origin, bool expected)
    {
        WidgetAdapter.IsOriginAllowed(Integration(allowedOrigins: allowed), origin).Should().Be(expected);
    }

    private static OutboundMessageRequested Outbound(MessageContent content) =>
        new("out-w", DateTimeOffset.UtcNow, "tenant-1", "int-w", Platforms.Widget, "conv-w", Visitor, content, MessageOrigin.Bot);

    private sealed class RecordingSink : IWidgetReplySink
    {
        public List<(string VisitorId, string OutboundId, MessageContent Content)> Delivered { get; } = [];

        public bool Fail { get; init; }

        public Task<long> DeliverAsync(ChannelIntegration integration, string visitorId, string outboundId, MessageContent content, CancellationToken ct)
        {
            if (Fail)
            {
                throw new InvalidOperationException("state store unavailable");
            }

            Delivered.Add((visitorId, outboundId, content));
            return Task.FromResult(7L);
        }
    }

    private sealed class StaticOptions(WidgetOptions value) : IOptionsMonitor<WidgetOptions>
    {
        public WidgetOptions CurrentValue => value;

        public WidgetOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<WidgetOptions, string?> listener) => null;
    }
}
