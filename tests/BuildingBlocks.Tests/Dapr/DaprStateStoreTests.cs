using Dapr.Client.Autogen.Grpc.v1;

namespace DaprChannels.BuildingBlocks.Tests.Dapr;

/// <summary>What the Dapr state store sends over gRPC; the behaviour both stores share is in <see cref="StateStoreContract"/>.</summary>
public sealed class DaprStateStoreTests
{
    private sealed record Conversation(string Id, int Messages);

    [Fact]
    public async Task Save_sends_the_json_value_with_the_ttl_as_string_metadata_and_the_token()
    {
        await using var dapr = await DaprTestContext.StartAsync();

        await dapr.State.SaveAsync("conversation:1", new Conversation("1", 2), new StateWriteOptions(Ttl: TimeSpan.FromSeconds(299.2)));

        var call = dapr.Stub.GrpcCalls("SaveState").Should().ContainSingle().Subject;
        call.Header("dapr-api-token").Should().Be(DaprTestContext.ApiToken);
        var item = call.As<SaveStateRequest>().States.Should().ContainSingle().Subject;
        item.Key.Should().Be("conversation:1");
        JsonDocument.Parse(item.Value.ToByteArray()).RootElement.GetProperty("messages").GetInt32().Should().Be(2);
        item.Metadata["ttlInSeconds"].Should().Be("300", "rounded up, so a key never expires early");
        item.Etag.Should().BeNull();
        item.Options.Should().BeNull();
    }

    [Fact]
    public async Task A_claim_is_a_first_write_save_without_an_etag_and_a_refusal_is_settled_by_a_read()
    {
        await using var dapr = await DaprTestContext.StartAsync();

        (await dapr.State.TryClaimAsync("dedup:whatsapp:wamid.1", "seen", TimeSpan.FromDays(7))).Should().BeTrue();
        (await dapr.State.TryClaimAsync("dedup:whatsapp:wamid.1", "seen", TimeSpan.FromDays(7))).Should().BeFalse();

        var save = dapr.Stub.Calls<SaveStateRequest>("SaveState").First().States.Single();
        save.Options.Concurrency.Should().Be(StateOptions.Types.StateConcurrency.ConcurrencyFirstWrite);
        save.Etag.Should().BeNull();
        save.Metadata["ttlInSeconds"].Should().Be("604800");
        dapr.Stub.Calls<GetStateRequest>("GetState").Should().ContainSingle("only the refused claim is settled by a read")
            .Which.Key.Should().Be("dedup:whatsapp:wamid.1");
    }

    [Fact]
    public async Task A_claim_without_a_ttl_sends_no_ttl()
    {
        await using var dapr = await DaprTestContext.StartAsync();

        (await dapr.State.TryClaimAsync("saga:lock:1", "owner", TimeSpan.Zero)).Should().BeTrue();

        dapr.Stub.Calls<SaveStateRequest>("SaveState").Single().States.Single().Metadata.Should().BeEmpty();
    }

    [Fact]
    public async Task A_conditional_write_carries_the_etag_and_daprds_aborted_is_a_concurrency_conflict()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        await dapr.State.SaveAsync("k", 1);
        var read = (await dapr.State.GetAsync<int>("k"))!;
        await dapr.State.SaveAsync("k", 2, new StateWriteOptions(read.ETag));

        var stale = () => dapr.State.SaveAsync("k", 3, new StateWriteOptions(read.ETag));
        var staleDelete = () => dapr.State.DeleteAsync("k", read.ETag);

        await stale.Should().ThrowAsync<StateConcurrencyException>();
        await staleDelete.Should().ThrowAsync<StateConcurrencyException>();
        dapr.Stub.Calls<SaveStateRequest>("SaveState").Last().States.Single().Etag.Value.Should().Be(read.ETag);
        dapr.Stub.Calls<DeleteStateRequest>("DeleteState").Single().Etag.Value.Should().Be(read.ETag);
    }

    [Fact]
    public async Task GetMany_is_one_bulk_get_of_the_requested_keys()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        await dapr.State.SaveAsync("a", new Conversation("a", 1));

        await dapr.State.GetManyAsync<Conversation>(["c", "b", "a"]);

        dapr.Stub.Calls<GetBulkStateRequest>("GetBulkState").Should().ContainSingle().Which.Keys.Should().Equal("c", "b", "a");
    }

    [Fact]
    public async Task A_transaction_sends_upserts_with_string_ttls_and_deletes_without_values()
    {
        await using var dapr = await DaprTestContext.StartAsync();

        await dapr.State.TransactAsync([StateOperation.Upsert("new", new Conversation("n", 1), ttl: TimeSpan.FromSeconds(90)), StateOperation.Delete("old", "7")]);

        var operations = dapr.Stub.Calls<ExecuteStateTransactionRequest>("ExecuteStateTransaction").Single().Operations;
        operations[0].OperationType.Should().Be("upsert");
        JsonDocument.Parse(operations[0].Request.Value.ToByteArray()).RootElement.GetProperty("id").GetString().Should().Be("n");
        operations[0].Request.Metadata["ttlInSeconds"].Should().Be("90");
        operations[1].OperationType.Should().Be("delete");
        operations[1].Request.Key.Should().Be("old");
        operations[1].Request.Etag.Value.Should().Be("7");
        operations[1].Request.Value.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public async Task A_failed_transaction_without_etags_is_a_store_failure_with_daprs_error_code()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        dapr.Stub.FailNext(1);

        var act = () => dapr.State.TransactAsync([StateOperation.Upsert("a", 3)]);

        (await act.Should().ThrowAsync<StateStoreException>()).Which.Message.Should().Contain("Internal").And.Contain("ERR_STATE_TRANSACTION");
    }

    [Fact]
    public async Task A_store_failure_reports_the_status_and_error_code_but_never_the_value_or_daprs_message()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        dapr.Stub.FailNext(1);

        var act = () => dapr.State.SaveAsync("integration:1", new { accessToken = "very-secret-value" });

        var thrown = await act.Should().ThrowAsync<StateStoreException>();
        thrown.Which.Message.Should().Contain("Internal").And.Contain("ERR_STATE_SAVE")
            .And.NotContain("very-secret-value").And.NotContain("injected");
    }

    [Fact]
    public async Task A_claim_the_store_refuses_for_an_absent_key_is_a_real_failure()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        dapr.Stub.FailNext(1);

        var act = () => dapr.State.TryClaimAsync("dedup:1", "seen", TimeSpan.FromHours(1));

        (await act.Should().ThrowAsync<StateStoreException>()).Which.Message.Should().NotContain("seen");
        dapr.Stub.GetState("dedup:1").Should().BeNull();
    }

    [Fact]
    public async Task An_unreachable_sidecar_is_a_store_failure()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        await dapr.Stub.DisposeAsync();

        var act = () => dapr.State.GetAsync<int>("k");

        (await act.Should().ThrowAsync<StateStoreException>()).Which.Message.Should().Contain("Unavailable");
    }

    [Fact]
    public async Task A_plain_save_over_a_claimed_key_rereads_its_etag_because_redis_refuses_it_otherwise()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        (await dapr.State.TryClaimAsync("work:1", "claimed", TimeSpan.Zero)).Should().BeTrue();

        await dapr.State.SaveAsync("work:1", "done");

        (await dapr.State.GetAsync<string>("work:1"))!.Value.Should().Be("done");
        var saves = dapr.Stub.Calls<SaveStateRequest>("SaveState").Select(s => s.States.Single()).ToList();
        saves.Should().HaveCount(3, "the claim, the refused plain save, and the save with the ETag just read");
        saves[2].Etag.Value.Should().Be("1");
    }
}
