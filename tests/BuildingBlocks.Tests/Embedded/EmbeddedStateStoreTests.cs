namespace DaprChannels.BuildingBlocks.Tests.Embedded;

public sealed class EmbeddedStateStoreTests : IAsyncLifetime
{
    private readonly EmbeddedTestHost _host = EmbeddedTestHost.Create(subscribe: false);

    private IStateStore Store => _host.Services.GetRequiredService<IStateStore>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private sealed record Counter(string Name, int Value);

    [Fact]
    public async Task Save_then_get_returns_the_value_and_a_new_etag_per_write()
    {
        await Store.SaveAsync("counter:a", new Counter("a", 1));
        var first = await Store.GetAsync<Counter>("counter:a");
        await Store.SaveAsync("counter:a", new Counter("a", 2));
        var second = await Store.GetAsync<Counter>("counter:a");

        first!.Value.Should().Be(new Counter("a", 1));
        second!.Value.Should().Be(new Counter("a", 2));
        second.ETag.Should().NotBe(first.ETag);
        (await Store.GetAsync<Counter>("counter:missing")).Should().BeNull();
    }

    [Fact]
    public async Task Save_with_a_stale_or_unknown_etag_is_refused()
    {
        await Store.SaveAsync("k", new Counter("k", 1));
        var read = await Store.GetAsync<Counter>("k");
        await Store.SaveAsync("k", new Counter("k", 2), new StateWriteOptions(read!.ETag));

        var stale = () => Store.SaveAsync("k", new Counter("k", 3), new StateWriteOptions(read.ETag));
        var missing = () => Store.SaveAsync("absent", new Counter("x", 1), new StateWriteOptions("1"));
        var garbage = () => Store.SaveAsync("k", new Counter("k", 4), new StateWriteOptions("not-a-version"));

        await stale.Should().ThrowAsync<StateConcurrencyException>();
        await missing.Should().ThrowAsync<StateConcurrencyException>();
        await garbage.Should().ThrowAsync<StateConcurrencyException>();
        (await Store.GetAsync<Counter>("k"))!.Value.Value.Should().Be(2);
        (await Store.GetAsync<Counter>("absent")).Should().BeNull();
    }

    [Fact]
    public async Task Delete_with_etag_checks_it_and_without_etag_always_deletes()
    {
        await Store.SaveAsync("d", new Counter("d", 1));
        var read = await Store.GetAsync<Counter>("d");
        await Store.SaveAsync("d", new Counter("d", 2));

        var stale = () => Store.DeleteAsync("d", read!.ETag);
        await stale.Should().ThrowAsync<StateConcurrencyException>();
        (await Store.GetAsync<Counter>("d")).Should().NotBeNull();

        var current = await Store.GetAsync<Counter>("d");
        await Store.DeleteAsync("d", current!.ETag);
        (await Store.GetAsync<Counter>("d")).Should().BeNull();

        await Store.DeleteAsync("never-existed");
        var missingWithEtag = () => Store.DeleteAsync("never-existed", "1");
        await missingWithEtag.Should().ThrowAsync<StateConcurrencyException>();
    }

    [Fact]
    public async Task Claim_succeeds_once_and_again_only_after_its_ttl_lapses()
    {
        (await Store.TryClaimAsync("dedup:1", "first", TimeSpan.FromMilliseconds(800))).Should().BeTrue();
        (await Store.TryClaimAsync("dedup:1", "second", TimeSpan.FromMilliseconds(800))).Should().BeFalse();
        (await Store.GetAsync<string>("dedup:1"))!.Value.Should().Be("first");

        var reclaimed = false;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!reclaimed && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            reclaimed = await Store.TryClaimAsync("dedup:1", "third", TimeSpan.Zero);
        }

        reclaimed.Should().BeTrue();
        (await Store.GetAsync<string>("dedup:1"))!.Value.Should().Be("third");
        (await Store.TryClaimAsync("dedup:1", "fourth", TimeSpan.Zero)).Should().BeFalse("a zero TTL claim lasts forever");
    }

    [Fact]
    public async Task Expired_values_read_as_absent_and_refuse_their_old_etag()
    {
        await Store.SaveAsync("ttl", new Counter("t", 1), new StateWriteOptions(Ttl: TimeSpan.FromMilliseconds(100)));
        var read = await Store.GetAsync<Counter>("ttl");
        read.Should().NotBeNull();

        var gone = false;
        var deadline = DateTime.UtcNow.AddSeconds(3);
        while (!gone && DateTime.UtcNow < deadline)
        {
            await Task.Delay(30);
            gone = await Store.GetAsync<Counter>("ttl") is null;
        }

        gone.Should().BeTrue();
        var overwriteExpired = () => Store.SaveAsync("ttl", new Counter("t", 2), new StateWriteOptions(read!.ETag));
        await overwriteExpired.Should().ThrowAsync<StateConcurrencyException>();
    }

    [Fact]
    public async Task Many_concurrent_claims_of_one_key_have_exactly_one_winner()
    {
        var claims = await Task.WhenAll(Enumerable.Range(0, 200)
            .Select(i => Task.Run(() => Store.TryClaimAsync("dedup:race", i, TimeSpan.FromMinutes(5)))));

        claims.Count(c => c).Should().Be(1);
    }

    [Fact]
    public async Task Transaction_applies_all_operations()
    {
        await Store.SaveAsync("tx:gone", new Counter("g", 1));
        await Store.TransactAsync(
        [
            StateOperation.Upsert("tx:a", new Counter("a", 1)),
            StateOperation.Upsert("tx:b", new Counter("b", 2), ttl: TimeSpan.FromMinutes(1)),
            StateOperation.Delete("tx:gone"),
        ]);

        (await Store.GetAsync<Counter>("tx:a"))!.Value.Value.Should().Be(1);
        (await Store.GetAsync<Counter>("tx:b"))!.Value.Value.Should().Be(2);
        (await Store.GetAsync<Counter>("tx:gone")).Should().BeNull();
    }

    [Fact]
    public async Task Transaction_with_an_etag_mismatch_rolls_back_everything()
    {
        await Store.SaveAsync("tx:x", new Counter("x", 1));
        await Store.SaveAsync("tx:y", new Counter("y", 1));
        var x = await Store.GetAsync<Counter>("tx:x");
        await Store.SaveAsync("tx:x", new Counter("x", 2));

        var transact = () => Store.TransactAsync(
        [
            StateOperation.Upsert("tx:y", new Counter("y", 99)),
            StateOperation.Upsert("tx:new", new Counter("new", 1)),
            StateOperation.Upsert("tx:x", new Counter("x", 99), x!.ETag),
        ]);

        await transact.Should().ThrowAsync<StateConcurrencyException>();
        (await Store.GetAsync<Counter>("tx:y"))!.Value.Value.Should().Be(1);
        (await Store.GetAsync<Counter>("tx:x"))!.Value.Value.Should().Be(2);
        (await Store.GetAsync<Counter>("tx:new")).Should().BeNull();
    }

    [Fact]
    public async Task Get_many_omits_missing_keys()
    {
        await Store.SaveAsync("m:1", new Counter("1", 1));
        await Store.SaveAsync("m:3", new Counter("3", 3));

        var items = await Store.GetManyAsync<Counter>(["m:1", "m:2", "m:3"]);

        items.Select(i => i.Key).Should().Equal("m:1", "m:3");
        items.Select(i => i.Value.Value).Should().Equal(1, 3);
    }

    [Fact]
    public async Task Update_extension_retries_through_concurrent_writers()
    {
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() =>
            Store.UpdateAsync<Counter>("u", c => new Counter("u", (c?.Value ?? 0) + 1), maxAttempts: 100))));

        (await Store.GetAsync<Counter>("u"))!.Value.Value.Should().Be(20);
    }
}
