using DaprChannels.Contracts.Messages;
using DaprChannels.Dispatcher.Sending;
using DaprChannels.Integrations;

namespace DaprChannels.Services.Tests;

/// <summary>
/// Each service keeps its own state and learns what it needs from the events: a person's takeover reaches the bot
/// through the Normalizer and <c>inbound.message</c>, the Dispatcher keeps its own window view, widget replies go
/// to Ingress's mailbox, and the messages API shows what <c>outbound.result</c> and <c>outbound.status</c> said.
/// </summary>
public sealed class StateOwnershipTests : GatewayTest
{
    private string _widgetId = null!;

    protected override async Task ArrangeAsync() =>
        _widgetId = (await IntegrationOperations.ConnectSucceededAsync(Owner, new { platform = "widget", name = "Site chat" })).Id;

    [Fact]
    public async Task After_a_takeover_event_the_bot_stays_quiet_until_the_conversation_is_handed_back()
    {
        await using var visitor = await WidgetClient.StartAsync(Host.BaseAddress, _widgetId);
        await visitor.ListenAsync();
        (await visitor.SendAsync("before")).StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await visitor.NextReplyAsync()).GetProperty("content").GetProperty("text").GetString().Should().Be("You said: before");

        var conversationId = ConversationIds.Conversation(_widgetId, visitor.VisitorId);
        var before = await Host.WaitForConversationRecordAsync(conversationId, _ => true);
        await Host.TakeOverAsync(_widgetId, visitor.VisitorId);
        (await visitor.SendAsync("with a person")).StatusCode.Should().Be(HttpStatusCode.Accepted);
        // The message has come through the Normalizer once its record counts it; the bot got it on inbound.message too.
        await Host.WaitForConversationRecordAsync(conversationId, c => c.MessageCount > before.MessageCount);
        await Task.Delay(700);
        visitor.TryReadReply(out var unexpected).Should().BeFalse($"a person has the conversation, yet the bot said {unexpected}");

        await Host.TakeOverAsync(_widgetId, visitor.VisitorId, ConversationMode.Bot);
        (await visitor.SendAsync("after")).StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await visitor.NextReplyAsync()).GetProperty("content").GetProperty("text").GetString().Should().Be("You said: after");
    }

    [Fact]
    public async Task The_dispatchers_window_view_follows_inbound_messages_forward_only_and_ignores_echoes()
    {
        var publisher = Host.Service<IEventPublisher>();
        var conversationId = "conv_window_view";
        var wrote = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        InboundMessageReceived Inbound(string id, DateTimeOffset sentAt, bool echo = false) => new(
            id, DateTimeOffset.UtcNow, "tenant", "int_absent", "whatsapp", conversationId, "ct",
            new CanonicalMessage(id, new ContactRef("447700900123"), "447700900123", new TextContent("hi"), sentAt, IsEcho: echo),
            ConversationMode.Bot, sentAt);

        await publisher.PublishAsync(InboundMessageReceived.Topic, Inbound("in_window_1", wrote));
        await Host.WaitForWindowAsync(conversationId, at => at == wrote);

        await publisher.PublishAsync(InboundMessageReceived.Topic, Inbound("in_window_0", wrote.AddHours(-1)));
        await publisher.PublishAsync(InboundMessageReceived.Topic, Inbound("in_window_echo", wrote.AddHours(1), echo: true));
        await publisher.PublishAsync(InboundMessageReceived.Topic, Inbound("in_window_2", wrote.AddMinutes(5)));
        await Host.WaitForWindowAsync(conversationId, at => at == wrote.AddMinutes(5));
        await Task.Delay(300);
        (await Host.Service<MessagingWindowView>().LastInboundAtAsync(conversationId, CancellationToken.None)).Should().Be(wrote.AddMinutes(5),
            "an older message and an echo leave the newest contact message in place");
    }

    [Fact]
    public async Task Widget_replies_reach_the_visitor_through_ingress_mailbox_once_each_in_order()
    {
        await using var visitor = await WidgetClient.StartAsync(Host.BaseAddress, _widgetId);
        await visitor.ListenAsync();
        var publisher = Host.Service<IEventPublisher>();
        var integration = (await Host.Service<IntegrationDirectory>().FindAsync(_widgetId))!.Record;
        WidgetReplyRequested Reply(string outboundId, string text) => new(
            "wgt_" + outboundId, DateTimeOffset.UtcNow, integration.TenantId, _widgetId, visitor.VisitorId, outboundId, new TextContent(text));

        await publisher.PublishAsync(WidgetReplyRequested.Topic, Reply("out_first", "first"));
        var first = await visitor.NextReplyAsync();
        await publisher.PublishAsync(WidgetReplyRequested.Topic, Reply("out_first", "first"));
        await publisher.PublishAsync(WidgetReplyRequested.Topic, Reply("out_second", "second"));
        var second = await visitor.NextReplyAsync();
        await Task.Delay(300);

        (first.GetProperty("sequence").GetInt64(), first.GetProperty("content").GetProperty("text").GetString()).Should().Be((1L, "first"));
        (second.GetProperty("sequence").GetInt64(), second.GetProperty("content").GetProperty("text").GetString()).Should().Be((2L, "second"),
            "the redelivered first reply is kept once");
        visitor.TryReadReply(out _).Should().BeFalse();
    }

    [Fact]
    public async Task The_messages_api_shows_what_outbound_result_and_outbound_status_reported()
    {
        var publisher = Host.Service<IEventPublisher>();
        var integration = (await Host.Service<IntegrationDirectory>().FindAsync(_widgetId))!.Record;
        const string outboundId = "out_reported_by_result";
        const string platformId = "visitor:42";
        var sentAt = DateTimeOffset.UtcNow;

        await publisher.PublishAsync(OutboundMessageResult.Topic, new OutboundMessageResult(
            "res_reported", sentAt, outboundId, integration.TenantId, _widgetId, "widget", "conv", SendOutcomeKind.Sent, DeliveryStatus.Sent,
            platformId, null, null, 1, [], "visitor"));
        var sent = await WaitForMessageAsync(outboundId, v => v.GetProperty("state").GetString() == "sent");
        sent.GetProperty("platformMessageId").GetString().Should().Be(platformId);
        MessagesClient.DeliveryOf(sent).Should().BeNull();

        await publisher.PublishAsync(OutboundStatusChanged.Topic, new OutboundStatusChanged(
            "ost_read", sentAt.AddSeconds(2), integration.TenantId, _widgetId, platformId, DeliveryStatus.Read, sentAt.AddSeconds(2), null, null));
        await publisher.PublishAsync(OutboundStatusChanged.Topic, new OutboundStatusChanged(
            "ost_delivered", sentAt.AddSeconds(1), integration.TenantId, _widgetId, platformId, DeliveryStatus.Delivered, sentAt.AddSeconds(1), null, null));
        await WaitForMessageAsync(outboundId, v => MessagesClient.DeliveryOf(v) == "read");
        await Task.Delay(300);
        MessagesClient.DeliveryOf(await new MessagesClient(Owner, _widgetId).GetAsync(outboundId)).Should().Be("read", "a delivery report never moves a read message back");
    }

    private async Task<JsonElement> WaitForMessageAsync(string id, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            using var response = await Owner.GetAsync($"/api/v1/integrations/{_widgetId}/messages/{id}");
            if (response.StatusCode == HttpStatusCode.OK && await response.Content.ReadFromJsonAsync<JsonElement>() is var view && condition(view))
            {
                return view;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Message {id} did not reach the expected view in time ({response.StatusCode}).");
            }

            await Task.Delay(100);
        }
    }
}
