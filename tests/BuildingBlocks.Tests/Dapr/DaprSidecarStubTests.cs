using System.Net;
using DaprChannels.TestSupport.Dapr;

namespace DaprChannels.BuildingBlocks.Tests.Dapr;

/// <summary>The stub must behave like daprd where the tests rely on it, or they prove nothing.</summary>
public sealed class DaprSidecarStubTests
{
    [Fact]
    public async Task Enforces_the_api_token_except_on_health_probes()
    {
        await using var stub = await DaprSidecarStub.StartAsync();
        stub.ApiToken = "t";
        using var http = new HttpClient { BaseAddress = stub.BaseAddress };

        using var state = await http.GetAsync("v1.0/state/statestore/k");
        using var health = await http.GetAsync("v1.0/healthz/outbound");

        state.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        health.StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Refuses_a_ttl_sent_as_a_number()
    {
        await using var stub = await DaprSidecarStub.StartAsync();
        using var http = new HttpClient { BaseAddress = stub.BaseAddress };

        using var response = await http.PostAsync("v1.0/state/statestore",
            new StringContent("""[{"key":"k","value":1,"metadata":{"ttlInSeconds":60}}]"""));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        stub.GetState("k").Should().BeNull();
    }

    [Fact]
    public async Task Accepts_any_etag_on_a_missing_key_like_redis()
    {
        await using var stub = await DaprSidecarStub.StartAsync();
        using var http = new HttpClient { BaseAddress = stub.BaseAddress };

        using var response = await http.PostAsync("v1.0/state/statestore", new StringContent("""[{"key":"k","value":1,"etag":"42"}]"""));

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        stub.GetState("k")!.Value.ETag.Should().Be("1");
    }
}
