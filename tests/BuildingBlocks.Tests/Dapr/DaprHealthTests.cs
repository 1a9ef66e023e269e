namespace DaprChannels.BuildingBlocks.Tests.Dapr;

public sealed class DaprHealthTests
{
    [Fact]
    public async Task Healthy_when_the_outbound_probe_answers_over_http()
    {
        await using var dapr = await DaprTestContext.StartAsync();

        var report = await dapr.Health.CheckAsync();

        report.Healthy.Should().BeTrue();
        report.Mode.Should().Be("Dapr");
        report.Details["sidecar"].Should().Be(dapr.Stub.GrpcAddress.ToString());
        report.Details["sidecarHttp"].Should().Be(dapr.Stub.HttpAddress.ToString());
        report.Details.Values.Should().NotContain(v => v.Contains(DaprTestContext.ApiToken));
        dapr.Stub.RequestsTo("GET", "/v1.0/healthz/outbound").Should().ContainSingle();
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
    public async Task Metadata_is_read_over_grpc_with_the_token()
    {
        await using var dapr = await DaprTestContext.StartAsync();

        var metadata = await dapr.Client.GetMetadataAsync();

        metadata.Id.Should().Be("stub-app");
        metadata.Components.Should().Contain(c => c.Name == "statestore" && c.Capabilities.Contains("TRANSACTIONAL"));
        dapr.Stub.GrpcCalls("GetMetadata").Single().Header("dapr-api-token").Should().Be(DaprTestContext.ApiToken);
    }

    [Fact]
    public async Task Startup_keeps_polling_until_the_sidecar_is_ready_then_reads_the_metadata_once()
    {
        await using var stub = await DaprSidecarStub.StartAsync();
        stub.FailNext(2);
        using var services = new ServiceCollection().AddLogging().AddDaprBuildingBlocks(DaprTestContext.Settings(stub)).BuildServiceProvider();
        var startup = services.GetRequiredService<DaprSidecarStartup>();

        await startup.StartAsync(CancellationToken.None);
        var ready = await startup.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (startup.Metadata is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await startup.StopAsync(CancellationToken.None);

        ready.Should().BeTrue();
        stub.RequestsTo("GET", "/v1.0/healthz/outbound").Should().HaveCount(3);
        startup.Metadata!.Components.Should().Contain(c => c.Type == "state.redis");
        stub.GrpcCalls("GetMetadata").Should().ContainSingle();
    }

    [Fact]
    public async Task Startup_gives_up_after_the_wait_timeout()
    {
        await using var stub = await DaprSidecarStub.StartAsync();
        stub.Healthy = false;
        var settings = DaprTestContext.Settings(stub) with { SidecarWaitTimeout = TimeSpan.FromMilliseconds(300) };
        using var services = new ServiceCollection().AddLogging().AddDaprBuildingBlocks(settings).BuildServiceProvider();
        var startup = services.GetRequiredService<DaprSidecarStartup>();

        await startup.StartAsync(CancellationToken.None);
        var ready = await startup.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        await startup.StopAsync(CancellationToken.None);

        ready.Should().BeFalse();
        stub.GrpcCalls("GetMetadata").Should().BeEmpty();
    }

    [Fact]
    public async Task Registration_wires_every_port_to_the_dapr_implementation_and_one_client()
    {
        using var services = new ServiceCollection().AddLogging()
            .AddDaprBuildingBlocks(new BuildingBlocksOptions { Dapr = { HttpEndpoint = "http://127.0.0.1:1", GrpcEndpoint = "http://127.0.0.1:2" } })
            .BuildServiceProvider();

        services.GetRequiredService<PubSub.IEventPublisher>().Should().BeOfType<DaprEventPublisher>();
        services.GetRequiredService<State.IStateStore>().Should().BeOfType<DaprStateStore>();
        services.GetRequiredService<Secrets.ISecretStore>().Should().BeOfType<DaprSecretStore>();
        services.GetRequiredService<IBuildingBlocksHealth>().Should().BeOfType<DaprHealth>();
        services.GetRequiredService<global::Dapr.Client.DaprClient>().Should().BeSameAs(services.GetRequiredService<global::Dapr.Client.DaprClient>());
        services.GetRequiredService<DaprSidecarSettings>().GrpcEndpoint.Should().Be(new Uri("http://127.0.0.1:2/"));
    }
}
