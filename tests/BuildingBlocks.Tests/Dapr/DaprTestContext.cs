using DaprChannels.BuildingBlocks.Dapr;
using DaprChannels.BuildingBlocks.PubSub;
using DaprChannels.BuildingBlocks.Secrets;
using DaprChannels.BuildingBlocks.State;
using DaprChannels.Contracts.Events;
using DaprChannels.TestSupport.Dapr;
using Microsoft.Extensions.DependencyInjection;

namespace DaprChannels.BuildingBlocks.Tests.Dapr;

public sealed record DaprTestEvent(string Id, DateTimeOffset OccurredAt, string Text) : IIntegrationEvent;

/// <summary>A stub sidecar and the Dapr building blocks wired to it the way a service wires them.</summary>
internal sealed class DaprTestContext : IAsyncDisposable
{
    public const string ApiToken = "sidecar-token-for-tests";

    private DaprTestContext(DaprSidecarStub stub, ServiceProvider services)
    {
        Stub = stub;
        Services = services;
    }

    public DaprSidecarStub Stub { get; }

    public ServiceProvider Services { get; }

    public IEventPublisher Publisher => Services.GetRequiredService<IEventPublisher>();

    public IStateStore State => Services.GetRequiredService<IStateStore>();

    public ISecretStore Secrets => Services.GetRequiredService<ISecretStore>();

    public IBuildingBlocksHealth Health => Services.GetRequiredService<IBuildingBlocksHealth>();

    public DaprSidecarClient Client => Services.GetRequiredService<DaprSidecarClient>();

    public static async Task<DaprTestContext> StartAsync(string? apiToken = ApiToken)
    {
        var stub = await DaprSidecarStub.StartAsync();
        stub.ApiToken = apiToken;
        var settings = Settings(stub.BaseAddress, apiToken);
        var services = new ServiceCollection().AddLogging().AddDaprBuildingBlocks(settings).BuildServiceProvider();
        return new DaprTestContext(stub, services);
    }

    public static DaprSidecarSettings Settings(Uri endpoint, string? apiToken = null, string? appApiToken = null) =>
        new(endpoint, apiToken, appApiToken, "test-app", "pubsub", "statestore", "secretstore", TimeSpan.FromSeconds(5));

    public static DaprTestEvent NewEvent(string text = "hello") => new(Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow, text);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Stub.DisposeAsync();
    }
}
