namespace DaprChannels.BuildingBlocks.Tests;

/// <summary>
/// What every <see cref="IStateStore"/> does, run against each implementation: Dapr over the stub sidecar
/// (which models daprd's gRPC API and the Redis state store) and the embedded SQLite store. Where the two differ
/// by design, the difference is a named property of the subclass and the test states both outcomes.
/// </summary>
public abstract class StateStoreContract : IAsyncLifetime
{
    private sealed record Conversation(string Id, int Messages);

    protected IStateStore Store { get; private set; } = null!;

    /// <summary>Redis accepts any ETag for a key that does not exist (its script compares only when there is a version); SQLite refuses it.</summary>
    protected abstract bool AcceptsAnETagForAnAbsentKey { get; }

    /// <summary>
    /// Redis's first-write refuses only keys that a first-write created: a claim over a key written by a plain save
    /// overwrites it. SQLite's claim is create-if-absent for every key.
    /// </summary>
    protected abstract bool AClaimOverwritesAKeyWrittenWithoutOne { get; }

    /// <summary>Redis keeps a key's expiry when it is saved again without a TTL (HSET); SQLite's upsert clears it.</summary>
    protected abstract bool ASaveWithoutTtlKeepsTheExpiry { get; }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    /// <summary>Moves the store's notion of now forward, so TTLs lapse without waiting.</summary>
    protected abstract void Advance(TimeSpan by);

    protected void Use(IStateStore store) => Store = store;

    public static TheoryData<string> SpecialKeys =>
    [
        "outbound:status:int_1:wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTdBQ0Y0RTc2QTE1RjE5NTg0QQA=",
        "contact:+16505551234",
        "contact:ana@example.com",
        "dedup:message:int_1:a/b,c;d$e&f",
        "conversation:with a space",
        "contact:Zoë Ångström 山田",
    ];

    [Fact]
    public async Task A_saved_value_reads_back_with_an_etag_and_a_missing_key_is_null()
    {
        await Store.SaveAsync("conversation:1", new Conversation("1", 2));

        var item = await Store.GetAsync<Conversation>("conversation:1");

        item!.Value.Should().Be(new Conversation("1", 2));
        item.ETag.Should().NotBeNullOrEmpty();
        (await Store.GetAsync<Conversation>("conversation:absent")).Should().BeNull();
    }

    [Fact]
    public async Task A_write_with_the_current_etag_succeeds_and_a_stale_one_is_a_concurrency_conflict()
    {
        await Store.SaveAsync("conversation:1", new Conversation("1", 1));
        var read = (await Store.GetAsync<Conversation>("conversation:1"))!;
        await Store.SaveAsync("conversation:1", new Conversation("1", 2), new StateWriteOptions(read.ETag));

        var stale = () => Store.SaveAsync("conversation:1", new Conversation("1", 3), new StateWriteOptions(read.ETag));
        var staleDelete = () => Store.DeleteAsync("conversation:1", read.ETag);

        (await stale.Should().ThrowAsync<StateConcurrencyException>()).Which.Key.Should().Be("conversation:1");
        await staleDelete.Should().ThrowAsync<StateConcurrencyException>();
        (await Store.GetAsync<Conversation>("conversation:1"))!.Value.Messages.Should().Be(2);
    }

    [Fact]
    public async Task An_etag_for_an_absent_key_is_accepted_only_where_the_store_says_so()
    {
        var act = () => Store.SaveAsync("conversation:new", new Conversation("n", 1), new StateWriteOptions("42"));

        if (AcceptsAnETagForAnAbsentKey)
        {
            await act();
            (await Store.GetAsync<Conversation>("conversation:new")).Should().NotBeNull();
        }
        else
        {
            await act.Should().ThrowAsync<StateConcurrencyException>();
            (await Store.GetAsync<Conversation>("conversation:new")).Should().BeNull();
        }
    }

    [Fact]
    public async Task UpdateAsync_retries_until_its_read_modify_write_wins()
    {
        await Store.SaveAsync("conversation:1", new Conversation("1", 1));
        var interfered = false;

        var result = await Store.UpdateAsync<Conversation>("conversation:1", current =>
        {
            if (!interfered)
            {
                interfered = true;
                Task.Run(() => Store.SaveAsync("conversation:1", new Conversation("1", 10))).GetAwaiter().GetResult();
            }

            return current! with { Messages = current.Messages + 1 };
        });

        result!.Messages.Should().Be(11);
        (await Store.GetAsync<Conversation>("conversation:1"))!.Value.Messages.Should().Be(11);
    }

    [Fact]
    public async Task A_claim_is_won_once_and_lost_to_an_existing_claim()
    {
        (await Store.TryClaimAsync("dedup:whatsapp:wamid.1", "first", TimeSpan.FromDays(7))).Should().BeTrue();
        (await Store.TryClaimAsync("dedup:whatsapp:wamid.1", "second", TimeSpan.FromDays(7))).Should().BeFalse();

        (await Store.GetAsync<string>("dedup:whatsapp:wamid.1"))!.Value.Should().Be("first");
    }

    [Fact]
    public async Task A_claim_over_a_key_written_by_a_plain_save_differs_by_store()
    {
        await Store.SaveAsync("saga:lock:1", "plain");

        var claimed = await Store.TryClaimAsync("saga:lock:1", "claim", TimeSpan.Zero);

        claimed.Should().Be(AClaimOverwritesAKeyWrittenWithoutOne);
        (await Store.GetAsync<string>("saga:lock:1"))!.Value.Should().Be(AClaimOverwritesAKeyWrittenWithoutOne ? "claim" : "plain");
    }

    [Fact]
    public async Task A_claimed_key_takes_etag_writes_and_plain_saves_afterwards()
    {
        (await Store.TryClaimAsync("work:1", "claimed", TimeSpan.Zero)).Should().BeTrue();
        var read = (await Store.GetAsync<string>("work:1"))!;

        await Store.SaveAsync("work:1", "leased", new StateWriteOptions(read.ETag));
        await Store.SaveAsync("work:1", "done");

        (await Store.GetAsync<string>("work:1"))!.Value.Should().Be("done");
        (await Store.TryClaimAsync("work:1", "again", TimeSpan.Zero)).Should().BeFalse("the key is still there");
    }

    [Fact]
    public async Task A_claim_after_a_delete_or_an_expiry_is_won_again()
    {
        (await Store.TryClaimAsync("dedup:1", "seen", TimeSpan.FromMinutes(1))).Should().BeTrue();
        Advance(TimeSpan.FromMinutes(2));

        (await Store.GetAsync<string>("dedup:1")).Should().BeNull("the TTL lapsed");
        (await Store.TryClaimAsync("dedup:1", "seen", TimeSpan.Zero)).Should().BeTrue();
        await Store.DeleteAsync("dedup:1");
        (await Store.TryClaimAsync("dedup:1", "seen", TimeSpan.Zero)).Should().BeTrue();
    }

    [Fact]
    public async Task A_ttl_expires_the_key_and_no_ttl_keeps_it()
    {
        await Store.SaveAsync("short", 1, new StateWriteOptions(Ttl: TimeSpan.FromSeconds(30)));
        await Store.SaveAsync("forever", 1);

        Advance(TimeSpan.FromSeconds(31));

        (await Store.GetAsync<int>("short")).Should().BeNull();
        (await Store.GetAsync<int>("forever")).Should().NotBeNull();
    }

    [Fact]
    public async Task A_save_without_a_ttl_over_an_expiring_key_differs_by_store()
    {
        await Store.SaveAsync("k", 1, new StateWriteOptions(Ttl: TimeSpan.FromSeconds(30)));
        await Store.SaveAsync("k", 2);

        Advance(TimeSpan.FromSeconds(31));

        (await Store.GetAsync<int>("k") is null).Should().Be(ASaveWithoutTtlKeepsTheExpiry);
    }

    [Fact]
    public async Task GetMany_reads_the_present_keys_in_the_requested_order()
    {
        await Store.SaveAsync("a", new Conversation("a", 1));
        await Store.SaveAsync("c", new Conversation("c", 3));

        var items = await Store.GetManyAsync<Conversation>(["c", "b", "a"]);

        items.Select(i => i.Key).Should().Equal("c", "a");
        items[0].Value.Messages.Should().Be(3);
        items.Should().OnlyContain(i => i.ETag.Length > 0);
        (await Store.GetManyAsync<Conversation>([])).Should().BeEmpty();
    }

    [Fact]
    public async Task A_transaction_applies_upserts_and_deletes_together()
    {
        await Store.SaveAsync("old", 1);

        await Store.TransactAsync([StateOperation.Upsert("new", new Conversation("n", 1), ttl: TimeSpan.FromSeconds(90)), StateOperation.Delete("old")]);

        (await Store.GetAsync<int>("old")).Should().BeNull();
        (await Store.GetAsync<Conversation>("new"))!.Value.Id.Should().Be("n");
        Advance(TimeSpan.FromSeconds(91));
        (await Store.GetAsync<Conversation>("new")).Should().BeNull("the upsert's TTL applies");
    }

    [Fact]
    public async Task A_transaction_with_a_stale_etag_is_a_conflict_and_changes_nothing()
    {
        await Store.SaveAsync("a", 1);
        var stale = (await Store.GetAsync<int>("a"))!.ETag;
        await Store.SaveAsync("a", 2);
        await Store.SaveAsync("gone", 1);

        var act = () => Store.TransactAsync([StateOperation.Upsert("b", 1), StateOperation.Delete("gone"), StateOperation.Upsert("a", 3, etag: stale)]);

        (await act.Should().ThrowAsync<StateConcurrencyException>()).Which.Key.Should().Be("a");
        (await Store.GetAsync<int>("b")).Should().BeNull();
        (await Store.GetAsync<int>("gone")).Should().NotBeNull();
        (await Store.GetAsync<int>("a"))!.Value.Should().Be(2);
    }

    [Theory]
    [MemberData(nameof(SpecialKeys))]
    public async Task Any_key_round_trips_through_save_get_bulk_get_claim_delete_and_transaction(string key)
    {
        await Store.SaveAsync(key, new Conversation("1", 1));
        var read = await Store.GetAsync<Conversation>(key);
        read.Should().NotBeNull("a key is read under the name it was saved under");
        (await Store.GetManyAsync<Conversation>([key])).Should().ContainSingle().Which.Key.Should().Be(key);
        (await Store.TryClaimAsync(key, new Conversation("2", 2), TimeSpan.Zero)).Should().Be(AClaimOverwritesAKeyWrittenWithoutOne);

        var current = (await Store.GetAsync<Conversation>(key))!;
        await Store.SaveAsync(key, new Conversation("1", 3), new StateWriteOptions(current.ETag));
        var stale = () => Store.DeleteAsync(key, current.ETag);
        await stale.Should().ThrowAsync<StateConcurrencyException>();
        await Store.DeleteAsync(key);
        (await Store.GetAsync<Conversation>(key)).Should().BeNull("the delete removed the key it names");

        (await Store.TryClaimAsync(key, new Conversation("3", 3), TimeSpan.Zero)).Should().BeTrue();
        await Store.TransactAsync([StateOperation.Delete(key)]);
        (await Store.GetAsync<Conversation>(key)).Should().BeNull();
    }
}

public sealed class DaprStateStoreContract : StateStoreContract
{
    private DaprTestContext _dapr = null!;

    protected override bool AcceptsAnETagForAnAbsentKey => true;

    protected override bool AClaimOverwritesAKeyWrittenWithoutOne => true;

    protected override bool ASaveWithoutTtlKeepsTheExpiry => true;

    public override async Task InitializeAsync()
    {
        _dapr = await DaprTestContext.StartAsync();
        Use(_dapr.State);
    }

    public override async Task DisposeAsync() => await _dapr.DisposeAsync();

    protected override void Advance(TimeSpan by) => _dapr.Stub.AdvanceClock(by);
}

public sealed class EmbeddedStateStoreContract : StateStoreContract
{
    private readonly TestClock _clock = new();
    private EmbeddedTestHost _host = null!;

    protected override bool AcceptsAnETagForAnAbsentKey => false;

    protected override bool AClaimOverwritesAKeyWrittenWithoutOne => false;

    protected override bool ASaveWithoutTtlKeepsTheExpiry => false;

    public override Task InitializeAsync()
    {
        _host = EmbeddedTestHost.Create(subscribe: false, services: s => s.AddSingleton<TimeProvider>(_clock));
        Use(_host.Services.GetRequiredService<IStateStore>());
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync() => await _host.DisposeAsync();

    protected override void Advance(TimeSpan by) => _clock.Advance(by);
}
