using System.Net;
using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using DaprGrpc = Dapr.Client.Autogen.Grpc.v1.Dapr;

namespace DaprChannels.BuildingBlocks.Tests.Dapr;

/// <summary>The stub must behave like daprd (and its Redis store) where the tests rely on it, or they prove nothing.</summary>
public sealed class DaprSidecarStubTests : IAsyncLifetime
{
    private DaprSidecarStub _stub = null!;
    private GrpcChannel _channel = null!;
    private DaprGrpc.DaprClient _client = null!;

    public async Task InitializeAsync()
    {
        _stub = await DaprSidecarStub.StartAsync();
        _channel = GrpcChannel.ForAddress(_stub.GrpcAddress);
        _client = new DaprGrpc.DaprClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _stub.DisposeAsync();
    }

    [Fact]
    public async Task Enforces_the_api_token_on_grpc_but_not_on_the_health_probes()
    {
        _stub.ApiToken = "t";
        using var http = new HttpClient { BaseAddress = _stub.HttpAddress };

        var state = () => _client.GetStateAsync(new GetStateRequest { StoreName = "statestore", Key = "k" }).ResponseAsync;
        using var health = await http.GetAsync("v1.0/healthz/outbound");

        (await state.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unauthenticated);
        health.StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Answers_unimplemented_for_rpcs_it_does_not_model()
    {
        var act = () => _client.GetBulkSecretAsync(new GetBulkSecretRequest { StoreName = "secretstore" }).ResponseAsync;

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unimplemented);
    }

    [Fact]
    public async Task Accepts_any_etag_on_a_missing_key_like_redis()
    {
        await SaveAsync("k", "1", etag: "42");

        _stub.GetState("k")!.Value.ETag.Should().Be("1");
    }

    [Fact]
    public async Task Refuses_a_first_write_over_a_first_write_key_as_a_plain_internal_error()
    {
        await SaveAsync("k", "1", firstWrite: true);

        var again = () => SaveAsync("k", "2", firstWrite: true);

        (await again.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Internal);
    }

    [Fact]
    public async Task Lets_a_first_write_overwrite_a_key_written_without_it_as_redis_does()
    {
        await SaveAsync("k", "1");

        await SaveAsync("k", "2", firstWrite: true);

        _stub.GetState("k")!.Value.Json.Should().Be("2");
        _stub.State.IsFirstWriteGuarded("k").Should().BeTrue();
    }

    [Fact]
    public async Task A_first_write_key_accepts_afterwards_only_saves_that_carry_its_etag()
    {
        await SaveAsync("k", "1", firstWrite: true);

        var plain = () => SaveAsync("k", "2");
        var stale = () => SaveAsync("k", "2", etag: "7");

        (await plain.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Internal);
        (await stale.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Aborted);
        await SaveAsync("k", "3", etag: "1");
        _stub.GetState("k")!.Value.Json.Should().Be("3");
        (await plain.Should().ThrowAsync<RpcException>("the flag stays until the key is deleted")).Which.StatusCode.Should().Be(StatusCode.Internal);
    }

    [Fact]
    public async Task A_non_numeric_etag_is_invalid_argument()
    {
        await SaveAsync("k", "1");

        var act = () => SaveAsync("k", "2", etag: "abc");

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
    }

    [Fact]
    public async Task A_save_without_a_ttl_keeps_the_keys_expiry_as_redis_hset_does()
    {
        await SaveAsync("k", "1", ttl: "60");
        await SaveAsync("k", "2");

        _stub.AdvanceClock(TimeSpan.FromSeconds(61));

        _stub.GetState("k").Should().BeNull();
    }

    [Fact]
    public async Task Serves_health_over_http_and_nothing_else()
    {
        using var http = new HttpClient { BaseAddress = _stub.HttpAddress };

        using var health = await http.GetAsync("v1.0/healthz");
        using var state = await http.GetAsync("v1.0/state/statestore/k");

        health.StatusCode.Should().Be(HttpStatusCode.NoContent);
        state.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private Task SaveAsync(string key, string json, string? etag = null, bool firstWrite = false, string? ttl = null)
    {
        var item = new StateItem { Key = key, Value = ByteString.CopyFromUtf8(json) };
        if (etag is not null)
        {
            item.Etag = new Etag { Value = etag };
        }

        if (firstWrite)
        {
            item.Options = new StateOptions { Concurrency = StateOptions.Types.StateConcurrency.ConcurrencyFirstWrite };
        }

        if (ttl is not null)
        {
            item.Metadata["ttlInSeconds"] = ttl;
        }

        return _client.SaveStateAsync(new SaveStateRequest { StoreName = "statestore", States = { item } }).ResponseAsync;
    }
}
