using DaprChannels.IntegrationAdmin.DeadLetters;
using Microsoft.Extensions.Options;

namespace DaprChannels.Services.Tests;

public sealed class DeadLetterTests
{
    [Fact]
    public async Task A_malformed_delivery_is_dead_lettered_and_visible_to_the_operator_only()
    {
        await using var telegram = await TelegramApiSimulator.StartAsync();
        telegram.AddBot(TelegramBotToken, "dlq_bot");
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Channels:Telegram:BaseUrl"] = telegram.BaseUrl.ToString() });
        var (_, owner) = await host.CreateTenantAsync();
        using (owner)
        {
            var id = (await IntegrationOperations.ConnectSucceededAsync(owner, SampleIntegrations.Telegram())).Id;
            using var malformed = TelegramInbound.Delivery(id, new StringContent("{\"update_id\": 5, \"message\": ", Encoding.UTF8, "application/json"));
            (await host.Client.SendAsync(malformed)).StatusCode.Should().Be(HttpStatusCode.OK, "the bytes are accepted; parsing happens behind the queue");

            (await owner.GetAsync("/api/v1/dead-letters")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

            var page = await host.WaitForDeadLettersAsync("inbound.raw");
            page.GetProperty("total").GetInt64().Should().Be(1);
            var item = page.GetProperty("items")[0];
            item.GetProperty("topic").GetString().Should().Be("inbound.raw");
            item.GetProperty("reason").GetString().Should().StartWith("FormatException: ").And.Contain("could not be parsed")
                .And.NotContain(TelegramSecretToken);
            item.GetProperty("attempts").GetInt32().Should().Be(1, "a body that cannot be parsed is dropped, not retried");
        }
    }

    [Fact]
    public async Task Recorded_dead_letters_are_listed_newest_first_per_topic_across_apps_and_a_redelivery_is_recorded_once()
    {
        await using var host = await GatewayHost.StartAsync();
        var store = Store(host, new DeadLetterOptions());
        var fromNormalizer = new TopicSubscriber(Topics.IntegrationChanged, AppIds.Normalizer);
        var fromDispatcher = new TopicSubscriber(Topics.IntegrationChanged, AppIds.Dispatcher);
        var raw = new TopicSubscriber(Topics.InboundRaw, AppIds.Normalizer);

        await store.RecordAsync(fromNormalizer, Data("a"), Context("evt-1", fromNormalizer), default);
        await store.RecordAsync(raw, Data("bb"), Context("evt-2", raw), default);
        await store.RecordAsync(fromDispatcher, Data("ccc"), Context("evt-1", fromDispatcher), default);
        await store.RecordAsync(fromNormalizer, Data("a"), Context("evt-1", fromNormalizer), default);

        var all = await store.ListAsync();
        all.Select(d => (d.EventId, d.Consumer)).Should().Equal(("evt-1", AppIds.Dispatcher), ("evt-2", AppIds.Normalizer), ("evt-1", AppIds.Normalizer));
        all.Select(d => d.Sequence).Should().BeInDescendingOrder().And.OnlyHaveUniqueItems();
        (await store.CountAsync()).Should().Be(3);
        (await store.CountAsync(Topics.IntegrationChanged)).Should().Be(2, "one topic's dead letters from every app that subscribes to it");
        var changed = await store.ListAsync(topic: Topics.IntegrationChanged);
        changed.Should().OnlyContain(d => d.Topic == Topics.IntegrationChanged);
        changed[1].Data.Should().Equal(Encoding.UTF8.GetBytes("a"));
        changed[1].Type.Should().Be("IntegrationChanged");
        changed[1].EventTime.Should().Be(EventTime);
        (await store.ListAsync(skip: 1, take: 1)).Single().EventId.Should().Be("evt-2");
    }

    [Fact]
    public async Task Only_the_newest_dead_letters_of_a_topic_are_kept_and_only_for_the_retention()
    {
        await using var host = await GatewayHost.StartAsync();
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        var store = Store(host, new DeadLetterOptions { MaxPerTopic = 2, Retention = TimeSpan.FromDays(1) }, clock);
        var raw = new TopicSubscriber(Topics.InboundRaw, AppIds.Normalizer);
        var message = new TopicSubscriber(Topics.InboundMessage, AppIds.BotResponder);

        await store.RecordAsync(message, Data("m"), Context("old", message), default);
        clock.Now += TimeSpan.FromHours(23);
        foreach (var id in new[] { "r1", "r2", "r3" })
        {
            await store.RecordAsync(raw, Data(id), Context(id, raw), default);
        }

        (await store.ListAsync(topic: Topics.InboundRaw)).Select(d => d.EventId).Should().Equal("r3", "r2");
        (await store.ListAsync()).Select(d => d.EventId).Should().Equal("r3", "r2", "old");

        clock.Now += TimeSpan.FromHours(2);
        (await store.ListAsync()).Select(d => d.EventId).Should().Equal("r3", "r2");
        (await store.CountAsync()).Should().Be(2);
    }

    private static readonly DateTimeOffset EventTime = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static DeadLetterStore Store(GatewayHost host, DeadLetterOptions options, TimeProvider? clock = null) =>
        new(host.Service<IStateStore>(), new DeadLetterSources(AppIds.IntegrationAdmin), Options.Create(options), clock ?? TimeProvider.System);

    private static ReadOnlyMemory<byte> Data(string text) => Encoding.UTF8.GetBytes(text);

    private static EventContext Context(string eventId, TopicSubscriber source) =>
        new(eventId, source.DeadLetterTopic, 1, null, null, "IntegrationChanged", EventTime);

    private sealed class SettableClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
