using DaprChannels.BuildingBlocks.Dapr;
using DaprChannels.TestSupport.Dapr;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaprChannels.BuildingBlocks.Tests.Dapr;

public sealed class DaprHealthTests
{
    [Fact]
    public async Task Healthy_when_the_outbound_probe_answers_and_the_probe_carries_no_token()
    {
        await using var dapr = await DaprTestContext.StartAsync();

        var report = await dapr.Health.CheckAsync();

        report.Healthy.Should().BeTrue();
        report.Mode.Should().Be("Dapr");
        report.Details["sidecar"].Should().Be(dapr.Stub.BaseAddress.ToString());
        report.Details.Values.Should().NotContain(v => v.Contains(DaprTestContext.ApiToken));
        var probe = dapr.Stub.RequestsTo("GET", "/v1.0/healthz/outbound").Should().ContainSingle().Subject;
        probe.Header("dapr-api-token").Should().BeNull();
    }

    [Fact]
    public async Task Unhealthy_when_the_sidecar_is_not_ready_or_gone()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        dapr.Stub.Healthy = false;

        var notReady = await dapr.Health.CheckAsync();
        await dapr.Stub.DisposeAsync();
        var gone = await dapr.Health.CheckAsync();

        notReady.Healthy.Should().BeFalse();
        gone.Healthy.Should().BeFalse();
    }

    [Fact]
    public async Task Metadata_is_read_with_the_token()
    {
        await using var dapr = await DaprTestContext.StartAsync();

        var metadata = await dapr.Client.GetMetadataAsync();

        metadata.Id.Should().Be("stub-app");
        metadata.Components.Should().Contain(c => c.Name == "statestore" && c.Capabilities!.Contains("TRANSACTIONAL"));
        dapr.Stub.RequestsTo("GET", "/v1.0/metadata").Single().Header("dapr-api-token").Should().Be(DaprTestContext.ApiToken);
    }

    [Fact]
    public async Task Startup_keeps_polling_until_the_sidecar_is_ready()
    {
        await using var stub = await DaprSidecarStub.StartAsync();
        stub.FailNext(2);
        using var services = new ServiceCollection().AddLogging().AddDaprBuildingBlocks(DaprTestContext.Settings(stub.BaseAddress)).BuildServiceProvider();
        var startup = services.GetRequiredService<DaprSidecarStartup>();

        await startup.StartAsync(CancellationToken.None);
        var ready = await startup.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        await startup.StopAsync(CancellationToken.None);

        ready.Should().BeTrue();
        stub.RequestsTo("GET", "/v1.0/healthz/outbound").Should().HaveCount(3);
    }

    [Fact]
    public async Task Startup_gives_up_after_the_wait_timeout()
    {
        await using var stub = await DaprSidecarStub.StartAsync();
        stub.Healthy = false;
        var settings = DaprTestContext.Settings(stub.BaseAddress) with { SidecarWaitTimeout = TimeSpan.FromMilliseconds(300) };
        using var http = new HttpClient { BaseAddress = settings.HttpEndpoint };
        var startup = new DaprSidecarStartup(new DaprSidecarClient(http, settings), NullLogger<DaprSidecarStartup>.Instance);

        await startup.StartAsync(CancellationToken.None);
        var ready = await startup.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        await startup.StopAsync(CancellationToken.None);

        ready.Should().BeFalse();
        stub.RequestsTo("GET", "/v1.0/metadata").Should().BeEmpty();
    }

    [Fact]
    public async Task Registration_wires_every_port_to_the_dapr_implementation()
    {
        using var services = new ServiceCollection().AddLogging()
            .AddDaprBuildingBlocks(new BuildingBlocksOptions { Dapr = { HttpEndpoint = "http://127.0.0.1:1" } })
            .BuildServiceProvider();

        services.GetRequiredService<PubSub.IEventPublisher>().Should().BeOfType<DaprEventPublisher>();
        services.GetRequiredService<State.IStateStore>().Should().BeOfType<DaprStateStore>();
        services.GetRequiredService<Secrets.ISecretStore>().Should().BeOfType<DaprSecretStore>();
        services.GetRequiredService<IBuildingBlocksHealth>().Should().BeOfType<DaprHealth>();
        services.GetRequiredService<DaprSidecarClient>().Settings.HttpEndpoint.Should().Be(new Uri("http://127.0.0.1:1/"));
    }
}
