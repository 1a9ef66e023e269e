namespace DaprChannels.BuildingBlocks.Tests;

/// <summary>Once-per-key work with leases, against the embedded store and the Dapr state API (stub sidecar).</summary>
public sealed class WorkLeasesTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    public static TheoryData<string> Stores => ["embedded", "dapr"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_first_worker_leases_and_a_second_finds_it_busy_until_it_is_done(string kind)
    {
        await using var store = await StoreUnderTest.StartAsync(kind);
        var clock = new ManualClock();

        var (first, lease) = await store.State.TryLeaseWorkAsync("work:1", Lease, Retention, clock);
        var (second, none) = await store.State.TryLeaseWorkAsync("work:1", Lease, Retention, clock);

        first.Should().Be(LeaseOutcome.Acquired);
        second.Should().Be(LeaseOutcome.Busy);
        none.Should().BeNull();

        var done = await store.State.CompletionOfAsync(lease!, Retention, clock);
        done.Should().NotBeNull();
        await store.State.TransactAsync([done!]);
        (await store.State.TryLeaseWorkAsync("work:1", Lease, Retention, clock)).Outcome.Should().Be(LeaseOutcome.Done);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_lapsed_lease_is_taken_over_and_its_old_holder_can_no_longer_complete(string kind)
    {
        await using var store = await StoreUnderTest.StartAsync(kind);
        var clock = new ManualClock();
        var (_, crashed) = await store.State.TryLeaseWorkAsync("work:2", Lease, Retention, clock);

        clock.Advance(Lease - TimeSpan.FromSeconds(1));
        (await store.State.TryLeaseWorkAsync("work:2", Lease, Retention, clock)).Outcome.Should().Be(LeaseOutcome.Busy, "the lease is still live");

        clock.Advance(TimeSpan.FromSeconds(2));
        var (outcome, takeover) = await store.State.TryLeaseWorkAsync("work:2", Lease, Retention, clock);

        outcome.Should().Be(LeaseOutcome.Acquired);
        takeover!.Owner.Should().NotBe(crashed!.Owner);
        (await store.State.CompletionOfAsync(crashed, Retention, clock)).Should().BeNull("the old holder lost the lease");
        var done = await store.State.CompletionOfAsync(takeover, Retention, clock);
        await store.State.TransactAsync([done!]);
        (await store.State.TryLeaseWorkAsync("work:2", Lease, Retention, clock)).Outcome.Should().Be(LeaseOutcome.Done);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_completion_read_before_a_takeover_is_refused_when_written_after_it(string kind)
    {
        await using var store = await StoreUnderTest.StartAsync(kind);
        var clock = new ManualClock();
        var (_, slow) = await store.State.TryLeaseWorkAsync("work:3", Lease, Retention, clock);
        var late = await store.State.CompletionOfAsync(slow!, Retention, clock);

        clock.Advance(Lease + TimeSpan.FromSeconds(1));
        (await store.State.TryLeaseWorkAsync("work:3", Lease, Retention, clock)).Outcome.Should().Be(LeaseOutcome.Acquired);

        var write = () => store.State.TransactAsync([late!]);
        await write.Should().ThrowAsync<StateConcurrencyException>();
        (await store.State.TryLeaseWorkAsync("work:3", Lease, Retention, clock)).Outcome.Should().Be(LeaseOutcome.Busy, "the new holder still works on it");
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_released_lease_can_be_taken_at_once_and_another_holders_lease_is_not_released(string kind)
    {
        await using var store = await StoreUnderTest.StartAsync(kind);
        var clock = new ManualClock();
        var (_, first) = await store.State.TryLeaseWorkAsync("work:4", Lease, Retention, clock);

        (await store.State.ReleaseWorkAsync(first!)).Should().BeTrue();
        var (outcome, second) = await store.State.TryLeaseWorkAsync("work:4", Lease, Retention, clock);
        outcome.Should().Be(LeaseOutcome.Acquired);

        await store.State.ReleaseWorkAsync(first!);
        (await store.State.TryLeaseWorkAsync("work:4", Lease, Retention, clock)).Outcome.Should().Be(LeaseOutcome.Busy, "only the holder releases");
        (await store.State.CompletionOfAsync(second!, Retention, clock)).Should().NotBeNull();
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Work_marked_done_is_done_whoever_held_it_and_a_plain_older_claim_counts_as_done(string kind)
    {
        await using var store = await StoreUnderTest.StartAsync(kind);
        var clock = new ManualClock();
        await store.State.TryLeaseWorkAsync("work:5", Lease, Retention, clock);

        await store.State.MarkWorkDoneAsync("work:5", Retention, clock);
        await store.State.TryClaimAsync("work:6", clock.GetUtcNow(), Retention);

        (await store.State.TryLeaseWorkAsync("work:5", Lease, Retention, clock)).Outcome.Should().Be(LeaseOutcome.Done);
        (await store.State.TryLeaseWorkAsync("work:6", Lease, Retention, clock)).Outcome.Should().Be(LeaseOutcome.Done);
    }

    [Fact]
    public async Task Concurrent_workers_on_one_key_give_exactly_one_lease()
    {
        await using var store = await StoreUnderTest.StartAsync("embedded");
        var clock = new ManualClock();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => store.State.TryLeaseWorkAsync("work:7", Lease, Retention, clock))));

        outcomes.Count(o => o.Outcome == LeaseOutcome.Acquired).Should().Be(1);
        outcomes.Count(o => o.Outcome == LeaseOutcome.Busy).Should().Be(15);
    }

    [Fact]
    public async Task An_event_published_with_a_completion_that_lost_its_lease_is_not_published()
    {
        await using var host = await EmbeddedTestHost.Create().StartAsync();
        var state = host.Services.GetRequiredService<IStateStore>();
        var publisher = (ITransactionalPublisher)host.Publisher;
        var clock = new ManualClock();
        var (_, slow) = await state.TryLeaseWorkAsync("work:8", Lease, Retention, clock);
        var late = await state.CompletionOfAsync(slow!, Retention, clock);
        clock.Advance(Lease + TimeSpan.FromSeconds(1));
        await state.TryLeaseWorkAsync("work:8", Lease, Retention, clock);

        var publish = () => publisher.PublishWithStateAsync(EmbeddedTestHost.Topic, TestEvent.New("late"), [late!]);

        await publish.Should().ThrowAsync<StateConcurrencyException>();
        await Task.Delay(300);
        host.Main.Log.Deliveries.Should().BeEmpty();
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    private sealed class StoreUnderTest(IStateStore state, Func<ValueTask> dispose) : IAsyncDisposable
    {
        public IStateStore State { get; } = state;

        public static async Task<StoreUnderTest> StartAsync(string kind)
        {
            if (kind == "dapr")
            {
                var dapr = await DaprTestContext.StartAsync();
                return new StoreUnderTest(dapr.State, dapr.DisposeAsync);
            }

            var host = EmbeddedTestHost.Create(subscribe: false);
            return new StoreUnderTest(host.Services.GetRequiredService<IStateStore>(), host.DisposeAsync);
        }

        public ValueTask DisposeAsync() => dispose();
    }
}
