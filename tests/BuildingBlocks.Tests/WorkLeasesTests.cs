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

        var (first, lease) = await store.LeaseAsync("work:1");
        var (second, none) = await store.LeaseAsync("work:1");

        first.Should().Be(LeaseOutcome.Acquired);
        second.Should().Be(LeaseOutcome.Busy);
        none.Should().BeNull();

        var done = await store.CompletionOfAsync(lease!);
        done.Should().NotBeNull();
        await store.State.TransactAsync([done!]);
        (await store.OutcomeAsync("work:1")).Should().Be(LeaseOutcome.Done);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_lapsed_lease_is_taken_over_and_its_old_holder_can_no_longer_complete(string kind)
    {
        await using var store = await StoreUnderTest.StartAsync(kind);
        var (_, crashed) = await store.LeaseAsync("work:2");

        store.Clock.Advance(Lease - TimeSpan.FromSeconds(1));
        (await store.OutcomeAsync("work:2")).Should().Be(LeaseOutcome.Busy, "the lease is still live");

        store.Clock.Advance(TimeSpan.FromSeconds(2));
        var (outcome, takeover) = await store.LeaseAsync("work:2");

        outcome.Should().Be(LeaseOutcome.Acquired);
        takeover!.Owner.Should().NotBe(crashed!.Owner);
        (await store.CompletionOfAsync(crashed)).Should().BeNull("the old holder lost the lease");
        var done = await store.CompletionOfAsync(takeover);
        await store.State.TransactAsync([done!]);
        (await store.OutcomeAsync("work:2")).Should().Be(LeaseOutcome.Done);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_completion_read_before_a_takeover_is_refused_when_written_after_it(string kind)
    {
        await using var store = await StoreUnderTest.StartAsync(kind);
        var (_, slow) = await store.LeaseAsync("work:3");
        var late = await store.CompletionOfAsync(slow!);

        store.Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        (await store.OutcomeAsync("work:3")).Should().Be(LeaseOutcome.Acquired);

        var write = () => store.State.TransactAsync([late!]);
        await write.Should().ThrowAsync<StateConcurrencyException>();
        (await store.OutcomeAsync("work:3")).Should().Be(LeaseOutcome.Busy, "the new holder still works on it");
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_released_lease_can_be_taken_at_once_and_another_holders_lease_is_not_released(string kind)
    {
        await using var store = await StoreUnderTest.StartAsync(kind);
        var (_, first) = await store.LeaseAsync("work:4");

        (await store.State.ReleaseWorkAsync(first!)).Should().BeTrue();
        var (outcome, second) = await store.LeaseAsync("work:4");
        outcome.Should().Be(LeaseOutcome.Acquired);

        await store.State.ReleaseWorkAsync(first!);
        (await store.OutcomeAsync("work:4")).Should().Be(LeaseOutcome.Busy, "only the holder releases");
        (await store.CompletionOfAsync(second!)).Should().NotBeNull();
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Work_marked_done_is_done_whoever_held_it_and_a_plain_older_claim_counts_as_done(string kind)
    {
        await using var store = await StoreUnderTest.StartAsync(kind);
        await store.LeaseAsync("work:5");

        await store.State.MarkWorkDoneAsync("work:5", Retention, store.Clock);
        await store.State.TryClaimAsync("work:6", store.Clock.GetUtcNow(), Retention);

        (await store.OutcomeAsync("work:5")).Should().Be(LeaseOutcome.Done);
        (await store.OutcomeAsync("work:6")).Should().Be(LeaseOutcome.Done);
    }

    [Fact]
    public async Task Concurrent_workers_on_one_key_give_exactly_one_lease()
    {
        await using var store = await StoreUnderTest.StartAsync("embedded");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => store.LeaseAsync("work:7"))));

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

    /// <summary>One of the stores, with a clock of its own that the test moves, leasing with the test's lease and retention.</summary>
    private sealed class StoreUnderTest(IStateStore state, Func<ValueTask> dispose) : IAsyncDisposable
    {
        public IStateStore State { get; } = state;

        public ManualClock Clock { get; } = new();

        public Task<(LeaseOutcome Outcome, WorkLease? Lease)> LeaseAsync(string key) => State.TryLeaseWorkAsync(key, Lease, Retention, Clock);

        public async Task<LeaseOutcome> OutcomeAsync(string key) => (await LeaseAsync(key)).Outcome;

        public Task<StateOperation?> CompletionOfAsync(WorkLease lease) => State.CompletionOfAsync(lease, Retention, Clock);

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
