using System.Collections.Concurrent;
using DaprChannels.BuildingBlocks;
using DaprChannels.Contracts.Messages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DaprChannels.Services.Tests;

/// <summary>
/// Inbound media fetched by id through the admin API, and the read mark and typing indicator a bot's
/// answer is preceded by, through the whole pipeline against the Graph API simulator.
/// </summary>
public sealed class MediaAndSignalsTests : GatewayTest
{
    private const string Contact = "16505551234";
    private const string TextMessageId = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=";
    private const string ImageMediaId = "1003383421387256";
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0xFF, 0xD9];

    private GraphApiSimulator _graph = null!;

    protected override async Task StartPlatformsAsync()
    {
        _graph = await StartWhatsAppAsync();

        // The HTTP bot stands in for the business's endpoint.
        AllowLoopbackEndpoints();
    }

    [Fact]
    public async Task An_image_webhook_carries_the_media_id_and_the_media_endpoint_streams_the_platforms_bytes()
    {
        await using var bot = await CapturingBot.StartAsync();
        var integrationId = await ConnectAsync(new { kind = BotKinds.Http, endpoint = bot.Url.ToString() });
        _graph.AddMedia(ImageMediaId, Jpeg, "image/jpeg", WhatsAppPhoneNumberId);

        await PostAsync(integrationId, Payload("image.json"));
        var inbound = await bot.NextAsync();

        var media = inbound.Message.Content.Should().BeOfType<MediaContent>().Subject;
        media.MediaId.Should().Be(ImageMediaId);
        using var response = await Owner.GetAsync($"/api/v1/integrations/{integrationId}/media/{media.MediaId}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("image/jpeg");
        response.Content.Headers.ContentLength.Should().Be(Jpeg.Length);
        response.Headers.GetValues("X-Content-Type-Options").Should().Contain("nosniff");
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(Jpeg);
        _graph.MediaDownloads.Should().ContainSingle().Which.BearerToken.Should().Be(WhatsAppAccessToken);

        var (_, otherTenant) = await Host.CreateTenantAsync("Other");
        using (otherTenant)
        {
            using var foreign = await otherTenant.GetAsync($"/api/v1/integrations/{integrationId}/media/{media.MediaId}");
            foreign.StatusCode.Should().Be(HttpStatusCode.NotFound);
            foreign.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            (await foreign.Content.ReadAsStringAsync()).Should().NotContain(WhatsAppAccessToken);
        }

        _graph.MediaDownloads.Should().HaveCount(1, "another tenant's request never reached the platform");
    }

    [Fact]
    public async Task Unknown_and_malformed_media_ids_and_a_revoked_token_get_problem_details()
    {
        var integrationId = await ConnectAsync(new { kind = BotKinds.None });

        using var unknown = await Owner.GetAsync($"/api/v1/integrations/{integrationId}/media/5555555555");
        using var malformed = await Owner.GetAsync($"/api/v1/integrations/{integrationId}/media/{Uri.EscapeDataString("me?fields=x")}");
        using var tooLong = await Owner.GetAsync($"/api/v1/integrations/{integrationId}/media/{new string('1', 300)}");
        var callsBefore = _graph.Calls.Count;
        _graph.AddMedia(ImageMediaId, Jpeg, "image/jpeg", WhatsAppPhoneNumberId);
        _graph.RevokeToken(WhatsAppAccessToken);
        using var refused = await Owner.GetAsync($"/api/v1/integrations/{integrationId}/media/{ImageMediaId}");

        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        tooLong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        refused.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().Should().Contain("refused").And.NotContain(WhatsAppAccessToken);
        _graph.Calls.Count.Should().Be(callsBefore + 1, "malformed ids never reach the platform; the refused one made one call");
    }

    [Fact]
    public async Task Media_of_a_channel_whose_attachments_arrive_as_links_is_a_conflict()
    {
        _graph.AddPage(PageAccessToken, MessengerPageId, "Acme Outdoor");
        var id = (await IntegrationOperations.ConnectSucceededAsync(Owner, SampleIntegrations.Messenger("Page"))).Id;

        using var response = await Owner.GetAsync($"/api/v1/integrations/{id}/media/123456");

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_text_answered_by_the_rules_bot_is_marked_read_with_typing_and_answered()
    {
        var integrationId = await ConnectAsync(new { kind = BotKinds.Rules });

        await PostAsync(integrationId, Payload("text.json"));
        await _graph.WaitForSendsAsync(1, TimeSpan.FromSeconds(15));
        await _graph.WaitForSignalsAsync(2, TimeSpan.FromSeconds(10));

        var calls = _graph.Calls;
        var reply = calls.Single(GraphSendOfReply);
        var read = calls.Single(c => GraphApiSimulator.IsSignal(c) && c.Node("typing_indicator") is null);
        var typing = calls.Single(c => GraphApiSimulator.IsSignal(c) && c.Field("typing_indicator.type") == "text");
        new[] { read, typing }.Should().OnlyContain(c => c.Field("message_id") == TextMessageId && c.Field("status") == "read" && c.StatusCode == 200);
        // Signals ride outbound.action, the reply outbound.message: they are requested first, but two topics
        // are consumed independently, so which reaches the platform first is not promised (docs/architecture.md).
        reply.StatusCode.Should().Be(200);
    }

    [Fact]
    public async Task Integrations_that_turn_the_signals_off_and_conversations_with_a_person_get_none()
    {
        var quiet = await ConnectAsync(new { kind = BotKinds.Rules, markAsRead = false, showTyping = false });
        await Host.TakeOverAsync(quiet, "447700900123");

        await PostAsync(quiet, Payload("text.json", from: "447700900123", messageId: "wamid.HUMAN01", body: "a person please"));
        await PostAsync(quiet, Payload("text.json"));
        await _graph.WaitForSendsAsync(1, TimeSpan.FromSeconds(15));
        await Task.Delay(1000);

        _graph.Sends.Should().ContainSingle().Which.Field("to").Should().Be(Contact);
        _graph.Signals.Should().BeEmpty();
    }

    [Fact]
    public async Task With_read_marks_off_whatsapp_shows_no_typing_either_because_its_typing_call_marks_the_message_read()
    {
        var integrationId = await ConnectAsync(new { kind = BotKinds.Rules, markAsRead = false, showTyping = true });

        await PostAsync(integrationId, Payload("text.json"));
        await _graph.WaitForSendsAsync(1, TimeSpan.FromSeconds(15));
        await Task.Delay(1000);

        _graph.Signals.Should().BeEmpty();
    }

    [Fact]
    public async Task The_bot_settings_default_to_signals_on_and_a_stale_signal_is_skipped()
    {
        var integrationId = await ConnectAsync(new { kind = BotKinds.None });
        var view = await Owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{integrationId}");
        view.GetProperty("bot").GetProperty("markAsRead").GetBoolean().Should().BeTrue();
        view.GetProperty("bot").GetProperty("showTyping").GetBoolean().Should().BeTrue();

        var publisher = Host.Service<IEventPublisher>();
        ConversationActionRequested Signal(string id, DateTimeOffset at, string messageId) => new(
            id, at, "tenant", integrationId, Platforms.WhatsApp, "conv", Contact, ConversationActionKind.Typing, messageId);
        await publisher.PublishAsync(ConversationActionRequested.Topic, Signal("act_stale", DateTimeOffset.UtcNow.AddMinutes(-1), "wamid.STALE"));
        await publisher.PublishAsync(ConversationActionRequested.Topic, Signal("act_fresh", DateTimeOffset.UtcNow, "wamid.FRESH"));

        await _graph.WaitForSignalsAsync(1, TimeSpan.FromSeconds(10));
        await Task.Delay(500);
        _graph.Signals.Select(s => s.Field("message_id")).Should().Equal("wamid.FRESH");
    }

    private static bool GraphSendOfReply(GraphApiCall call) =>
        call.Method == "POST" && call.Path.EndsWith("/messages", StringComparison.Ordinal) && call.Field("type") == "text" && call.Field("to") == Contact;

    private async Task<string> ConnectAsync(object bot) =>
        (await IntegrationOperations.ConnectSucceededAsync(Owner, SampleIntegrations.WhatsApp("Support line", bot))).Id;

    /// <summary>A documented sample webhook, optionally from another sender with another message.</summary>
    private static byte[] Payload(string file, string? from = null, string? messageId = null, string? body = null)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "Channels.Tests", "WhatsApp", "Payloads", file));
        if (from is not null)
        {
            text = text.Replace(Contact, from, StringComparison.Ordinal);
        }

        if (messageId is not null)
        {
            text = text.Replace(TextMessageId, messageId, StringComparison.Ordinal);
        }

        if (body is not null)
        {
            text = text.Replace("Does it come in another color?", body, StringComparison.Ordinal);
        }

        return MetaInbound.WithTimestampsAt(Encoding.UTF8.GetBytes(text), DateTimeOffset.UtcNow);
    }

    private async Task PostAsync(string integrationId, byte[] payload)
    {
        using var request = MetaInbound.Signed($"/webhooks/whatsapp/{integrationId}", payload);
        using var response = await Host.Client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>The business's own HTTP bot: records the inbound events it is sent and answers nothing.</summary>
    private sealed class CapturingBot : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly BlockingCollection<InboundMessageReceived> _received = new();

        private CapturingBot(WebApplication app)
        {
            _app = app;
        }

        public Uri Url { get; private set; } = null!;

        public static async Task<CapturingBot> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var bot = new CapturingBot(app);
            app.MapPost("/bot", async (HttpContext context) =>
            {
                var inbound = await JsonSerializer.DeserializeAsync<InboundMessageReceived>(context.Request.Body, EventJson.Options);
                bot._received.Add(inbound!);
                return Results.Json(new { replies = Array.Empty<object>() });
            });
            await app.StartAsync();
            bot.Url = new Uri(new Uri(app.Urls.First()), "/bot");
            return bot;
        }

        public async Task<InboundMessageReceived> NextAsync() =>
            await Task.Run(() => _received.TryTake(out var inbound, TimeSpan.FromSeconds(15))
                ? inbound
                : throw new TimeoutException("The bot was not called."));

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _received.Dispose();
        }
    }
}
