using System.Text.Json;
using DaprChannels.BuildingBlocks.State;

namespace DaprChannels.BuildingBlocks.Tests.Dapr;

public sealed class DaprStateStoreTests
{
    private sealed record Conversation(string Id, int Messages);

    [Fact]
    public async Task Save_posts_an_array_item_with_the_ttl_as_a_string()
    {
        await using var dapr = await DaprTestContext.StartAsync();

        await dapr.State.SaveAsync("conversation:1", new Conversation("1", 2), new StateWriteOptions(Ttl: TimeSpan.FromMinutes(5)));

        var request = dapr.Stub.RequestsTo("POST", "/v1.0/state/").Should().ContainSingle().Subject;
        request.Path.Should().Be("/v1.0/state/statestore");
        request.Header("dapr-api-token").Should().Be(DaprTestContext.ApiToken);
        request.Header("Content-Type").Should().StartWith("application/json");
        var item = request.BodyJson.EnumerateArray().Should().ContainSingle().Subject;
        item.GetProperty("key").GetString().Should().Be("conversation:1");
        item.GetProperty("value").GetProperty("messages").GetInt32().Should().Be(2);
        item.GetProperty("metadata").GetProperty("ttlInSeconds").ValueKind.Should().Be(JsonValueKind.String);
        item.GetProperty("metadata").GetProperty("ttlInSeconds").GetString().Should().Be("300");
        item.TryGetProperty("etag", out _).Should().BeFalse();
        item.TryGetProperty("options", out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("outbound:status:int_1:wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTdBQ0Y0RTc2QTE1RjE5NTg0QQA=")]
    [InlineData("contact:+16505551234")]
    [InlineData("contact:ana@example.com")]
    [InlineData("dedup:message:int_1:a/b,c;d$e&f")]
    [InlineData("conversation:with a space")]
    [InlineData("contact:Zoë Ångström 山田")]
    public async Task A_key_that_a_url_path_would_change_round_trips_through_save_claim_get_and_delete(string key)
    {
        await using var dapr = await DaprTestContext.StartAsync();

        await dapr.State.SaveAsync(key, new Conversation("1", 1));
        var read = await dapr.State.GetAsync<Conversation>(key);
        read.Should().NotBeNull("a key is read under the name it was saved under");
        read!.Value.Messages.Should().Be(1);
        (await dapr.State.TryClaimAsync(key, new Conversation("2", 2), TimeSpan.Zero)).Should().BeFalse("the key exists");

        await dapr.State.SaveAsync(key, new Conversation("1", 2), new StateWriteOptions(read.ETag));
        var stale = () => dapr.State.DeleteAsync(key, read.ETag);
        await stale.Should().ThrowAsync<StateConcurrencyException>();
        await dapr.State.DeleteAsync(key);
        (await dapr.State.GetAsync<Conversation>(key)).Should().BeNull("the delete removed the key it names");
        (await dapr.State.TryClaimAsync(key, new Conversation("3", 3), TimeSpan.Zero)).Should().BeTrue();
        dapr.Stub.RequestsTo("GET", "/v1.0/state/").Should().BeEmpty("such keys never travel in a path");
        dapr.Stub.RequestsTo("DELETE", "/v1.0/state/").Should().BeEmpty();
    }

    [Fact]
    public async Task Get_returns_the_value_and_etag_and_null_for_a_missing_key()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        await dapr.State.SaveAsync("conversation:1", new Conversation("1", 2));

        var item = await dapr.State.GetAsync<Conversation>("conversation:1");
        var missing = await dapr.State.GetAsync<Conversation>("conversation:absent");

        item.Should().NotBeNull();
        item!.Value.Should().Be(new Conversation("1", 2));
        item.ETag.Should().Be("1");
        missing.Should().BeNull();
        var get = dapr.Stub.RequestsTo("GET", "/v1.0/state/").First();
        get.Path.Should().Be("/v1.0/state/statestore/conversation:1");
        get.Header("dapr-api-token").Should().Be(DaprTestContext.ApiToken);
    }

    [Fact]
    public async Task A_write_with_the_current_etag_succeeds_and_a_stale_one_throws_concurrency()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        await dapr.State.SaveAsync("conversation:1", new Conversation("1", 1));
        var read = (await dapr.State.GetAsync<Conversation>("conversation:1"))!;

        await dapr.State.SaveAsync("conversation:1", new Conversation("1", 2), new StateWriteOptions(read.ETag));
        var stale = () => dapr.State.SaveAsync("conversation:1", new Conversation("1", 3), new StateWriteOptions(read.ETag));

        (await stale.Should().ThrowAsync<StateConcurrencyException>()).Which.Key.Should().Be("conversation:1");
        dapr.Stub.RequestsTo("POST", "/v1.0/state/").Last().BodyJson[0].GetProperty("etag").GetString().Should().Be(read.ETag);
        (await dapr.State.GetAsync<Conversation>("conversation:1"))!.Value.Messages.Should().Be(2);
    }

    [Fact]
    public async Task UpdateAsync_retries_after_another_writer_got_there_first()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        await dapr.State.SaveAsync("conversation:1", new Conversation("1", 1));
        var interfered = false;

        var result = await dapr.State.UpdateAsync<Conversation>("conversation:1", current =>
        {
            if (!interfered)
            {
                interfered = true;
                dapr.Stub.SetState("conversation:1", """{"id":"1","messages":10}""");
            }

            return current! with { Messages = current.Messages + 1 };
        });

        result!.Messages.Should().Be(11);
        (await dapr.State.GetAsync<Conversation>("conversation:1"))!.Value.Messages.Should().Be(11);
    }

    [Fact]
    public async Task Claim_saves_first_write_without_an_etag_and_is_won_only_once()
    {
        await using var dapr = await DaprTestContext.StartAsync();

        var first = await dapr.State.TryClaimAsync("dedup:whatsapp:wamid.1", "seen", TimeSpan.FromDays(7));
        var second = await dapr.State.TryClaimAsync("dedup:whatsapp:wamid.1", "seen", TimeSpan.FromDays(7));

        first.Should().BeTrue();
        second.Should().BeFalse();
        var save = dapr.Stub.RequestsTo("POST", "/v1.0/state/").First().BodyJson[0];
        save.GetProperty("key").GetString().Should().Be("dedup:whatsapp:wamid.1");
        save.GetProperty("options").GetProperty("concurrency").GetString().Should().Be("first-write");
        save.TryGetProperty("etag", out _).Should().BeFalse();
        save.GetProperty("metadata").GetProperty("ttlInSeconds").GetString().Should().Be("604800");
        // The refused second save is settled by a read.
        dapr.Stub.RequestsTo("GET", "/v1.0/state/statestore/dedup:whatsapp:wamid.1").Should().ContainSingle();
    }

    [Fact]
    public async Task Claim_without_ttl_sends_no_ttl()
    {
        await using var dapr = await DaprTestContext.StartAsync();

        (await dapr.State.TryClaimAsync("saga:lock:1", "owner", TimeSpan.Zero)).Should().BeTrue();

        dapr.Stub.RequestsTo("POST", "/v1.0/state/").Single().BodyJson[0].TryGetProperty("metadata", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Claim_that_the_store_refuses_for_an_absent_key_is_a_real_failure()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        dapr.Stub.FailNext(1);

        var act = () => dapr.State.TryClaimAsync("dedup:1", "seen", TimeSpan.FromHours(1));

        var thrown = await act.Should().ThrowAsync<StateStoreException>();
        thrown.Which.Message.Should().NotContain("seen");
        dapr.Stub.GetState("dedup:1").Should().BeNull();
    }

    [Fact]
    public async Task Claimed_key_expires_with_its_ttl()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        (await dapr.State.TryClaimAsync("dedup:1", "seen", TimeSpan.FromMinutes(1))).Should().BeTrue();

        dapr.Stub.AdvanceClock(TimeSpan.FromMinutes(2));

        (await dapr.State.GetAsync<string>("dedup:1")).Should().BeNull();
        (await dapr.State.TryClaimAsync("dedup:1", "seen", TimeSpan.FromMinutes(1))).Should().BeTrue();
    }

    [Fact]
    public async Task Delete_sends_if_match_and_a_stale_etag_throws_concurrency()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        await dapr.State.SaveAsync("k", 1);
        await dapr.State.SaveAsync("k", 2);

        var stale = () => dapr.State.DeleteAsync("k", "1");
        await stale.Should().ThrowAsync<StateConcurrencyException>();
        await dapr.State.DeleteAsync("k", "2");

        var deletes = dapr.Stub.RequestsTo("DELETE", "/v1.0/state/statestore/k");
        deletes.Select(d => d.Header("If-Match")).Should().Equal("1", "2");
        deletes.Should().OnlyContain(d => d.Header("dapr-api-token") == DaprTestContext.ApiToken);
        dapr.Stub.GetState("k").Should().BeNull();
    }

    [Fact]
    public async Task GetMany_uses_bulk_get_and_leaves_out_missing_keys()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        await dapr.State.SaveAsync("a", new Conversation("a", 1));
        await dapr.State.SaveAsync("c", new Conversation("c", 3));

        var items = await dapr.State.GetManyAsync<Conversation>(["c", "b", "a"]);

        items.Select(i => i.Key).Should().Equal("c", "a");
        items[0].Value.Messages.Should().Be(3);
        items[0].ETag.Should().Be("1");
        var request = dapr.Stub.RequestsTo("POST", "/v1.0/state/statestore/bulk").Should().ContainSingle().Subject;
        request.BodyJson.GetProperty("keys").EnumerateArray().Select(k => k.GetString()).Should().Equal("c", "b", "a");
    }

    [Fact]
    public async Task Transaction_applies_upserts_and_deletes()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        await dapr.State.SaveAsync("old", 1);

        await dapr.State.TransactAsync(
        [
            StateOperation.Upsert("new", new Conversation("n", 1), ttl: TimeSpan.FromSeconds(90)),
            StateOperation.Delete("old"),
        ]);

        dapr.Stub.GetState("old").Should().BeNull();
        dapr.Stub.GetState("new").Should().NotBeNull();
        var body = dapr.Stub.RequestsTo("POST", "/v1.0/state/statestore/transaction").Single().BodyJson;
        var operations = body.GetProperty("operations").EnumerateArray().ToList();
        operations[0].GetProperty("operation").GetString().Should().Be("upsert");
        operations[0].GetProperty("request").GetProperty("value").GetProperty("id").GetString().Should().Be("n");
        operations[0].GetProperty("request").GetProperty("metadata").GetProperty("ttlInSeconds").GetString().Should().Be("90");
        operations[1].GetProperty("operation").GetString().Should().Be("delete");
        operations[1].GetProperty("request").GetProperty("key").GetString().Should().Be("old");
        operations[1].GetProperty("request").TryGetProperty("value", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Transaction_with_a_stale_etag_throws_concurrency_and_changes_nothing()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        await dapr.State.SaveAsync("a", 1);
        await dapr.State.SaveAsync("a", 2);

        var act = () => dapr.State.TransactAsync([StateOperation.Upsert("a", 3, etag: "1"), StateOperation.Upsert("b", 1)]);

        (await act.Should().ThrowAsync<StateConcurrencyException>()).Which.Key.Should().Be("a");
        dapr.Stub.GetState("b").Should().BeNull();
        dapr.Stub.GetState("a")!.Value.Json.Should().Be("2");
    }

    [Fact]
    public async Task Transaction_failure_without_etags_is_a_store_failure()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        dapr.Stub.FailNext(1);

        var act = () => dapr.State.TransactAsync([StateOperation.Upsert("a", 3)]);

        (await act.Should().ThrowAsync<StateStoreException>()).Which.Message.Should().Contain("ERR_STUB_FAILURE");
    }

    [Fact]
    public async Task Store_failure_on_save_reports_the_error_code_but_not_the_value()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        dapr.Stub.FailNext(1);

        var act = () => dapr.State.SaveAsync("integration:1", new { accessToken = "very-secret-value" });

        var thrown = await act.Should().ThrowAsync<StateStoreException>();
        thrown.Which.Message.Should().Contain("500").And.Contain("ERR_STUB_FAILURE").And.NotContain("very-secret-value");
    }
}
