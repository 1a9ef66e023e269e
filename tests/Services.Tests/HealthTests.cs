using DaprChannels.TestSupport.Dapr;

namespace DaprChannels.Services.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task Embedded_mode_is_live_and_ready_when_its_database_answers()
    {
        await using var host = await GatewayHost.StartAsync();
        (await host.Client.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var ready = await host.Client.GetAsync("/readyz");
        ready.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().Should().Be("ready");
        body.GetProperty("mode").GetString().Should().Be("Embedded");
    }

    [Fact]
    public async Task Under_dapr_readiness_follows_the_sidecar_while_liveness_does_not()
    {
        await using var sidecar = await DaprSidecarStub.StartAsync();
        sidecar.Secrets["dapr-channels"] = new Dictionary<string, string> { ["kek"] = Convert.ToBase64String(new byte[32]) };
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["BuildingBlocks:Mode"] = "Dapr",
            ["BuildingBlocks:Dapr:HttpEndpoint"] = sidecar.HttpAddress.ToString(),
            ["BuildingBlocks:Dapr:GrpcEndpoint"] = sidecar.GrpcAddress.ToString(),
        });

        (await host.Client.GetAsync("/readyz")).StatusCode.Should().Be(HttpStatusCode.OK);

        sidecar.Healthy = false;
        using var notReady = await host.Client.GetAsync("/readyz");
        notReady.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await notReady.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mode").GetString().Should().Be("Dapr");
        (await host.Client.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
