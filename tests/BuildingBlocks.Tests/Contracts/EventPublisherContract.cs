namespace DaprChannels.BuildingBlocks.Tests;

/// <summary>
/// What every <see cref="IEventPublisher"/> does: an event keeps its id wherever it goes (so a republished event is
/// recognised), and a batch arrives whole. Run against Dapr over the stub sidecar and the embedded bus.
/// </summary>
public abstract class EventPublisherContract : IAsyncLifetime
{
    protected const string Topic = EmbeddedTestHost.Topic;

    protected IEventPublisher Publisher { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    /// <summary>The event ids that reached <see cref="Topic"/>, once at least <paramref name="expected"/> did.</summary>
    protected abstract Task<IReadOnlyList<string>> ArrivedAsync(int expected);

    [Fact]
    public async Task An_event_and_its_republication_arrive_with_the_events_id()
    {
        var @event = TestEvent.New("once");

        await Publisher.PublishAsync(Topic, @event);
        await Publisher.PublishAsync(Topic, @event);

        (await ArrivedAsync(2)).Should().Equal(@event.Id, @event.Id);
    }

    [Fact]
    public async Task A_batch_arrives_whole_with_every_events_id()
    {
        var events = Enumerable.Range(0, 5).Select(i => TestEvent.New($"m{i}")).ToList();

        await Publisher.PublishManyAsync(Topic, events);

        (await ArrivedAsync(5)).Should().BeEquivalentTo(events.Select(e => e.Id));
    }

    [Fact]
    public async Task An_empty_batch_publishes_nothing()
    {
        await Publisher.PublishManyAsync<TestEvent>(Topic, []);
        await Publisher.PublishAsync(Topic, TestEvent.New("marker"));

        (await ArrivedAsync(1)).Should().ContainSingle();
    }
}

public sealed class DaprEventPublisherContract : EventPublisherContract
{
    private DaprTestContext _dapr = null!;

    public override async Task InitializeAsync()
    {
        _dapr = await DaprTestContext.StartAsync();
        Publisher = _dapr.Publisher;
    }

    public override async Task DisposeAsync() => await _dapr.DisposeAsync();

    protected override Task<IReadOnlyList<string>> ArrivedAsync(int expected) =>
        Task.FromResult<IReadOnlyList<string>>(_dapr.Stub.Published.Where(p => p.Topic == Topic).Select(p => p.Id!).ToList());
}

public sealed class EmbeddedEventPublisherContract : EventPublisherContract
{
    private EmbeddedTestHost _host = null!;

    public override async Task InitializeAsync()
    {
        _host = await EmbeddedTestHost.Create().StartAsync();
        Publisher = _host.Publisher;
    }

    public override async Task DisposeAsync() => await _host.DisposeAsync();

    protected override async Task<IReadOnlyList<string>> ArrivedAsync(int expected)
    {
        await _host.Main.Log.WaitForAsync(log => log.Deliveries.Count >= expected, TimeSpan.FromSeconds(20));
        return _host.Main.Log.Deliveries.Select(d => d.Context.EventId).ToList();
    }
}
