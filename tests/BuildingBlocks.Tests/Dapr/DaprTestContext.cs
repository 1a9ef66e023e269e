using DaprChannels.Contracts.Events;

namespace DaprChannels.BuildingBlocks.Tests.Dapr;

public sealed record DaprTestEvent(string Id, DateTimeOffset OccurredAt, string Text) : IIntegrationEvent;

/// <summary>A stub sidecar and the Dapr building blocks wired to it the way a service wires them.</summary>
internal sealed class DaprTestContext(DaprSidecarStub stub, ServiceProvider services) : IAsyncDisposable
{
    public const string ApiToken = "sidecar-token-for-tests";

    public DaprSidecarStub Stub { get; } = stub;

    public ServiceProvider Services { get; } = services;

    public IEventPublisher Publisher => Services.GetRequiredService<IEventPublisher>();

    public IStateStore State => Services.GetRequiredService<IStateStore>();

    public ISecretStore Secrets => Services.GetRequiredService<ISecretStore>();

    public IBuildingBlocksHealth Health => Services.GetRequiredService<IBuildingBlocksHealth>();

    public global::Dapr.Client.DaprClient Client => Services.GetRequiredService<global::Dapr.Client.DaprClient>();

    public static async Task<DaprTestContext> StartAsync(string? apiToken = ApiToken, TimeProvider? clock = null, Func<DaprSidecarSettings, DaprSidecarSettings>? configure = null)
    {
        var stub = await DaprSidecarStub.StartAsync();
        stub.ApiToken = apiToken;
        var settings = Settings(stub, apiToken);
        var services = new ServiceCollection().AddLogging();
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddDaprBuildingBlocks(configure?.Invoke(settings) ?? settings);
        return new DaprTestContext(stub, services.BuildServiceProvider());
    }

    public static DaprSidecarSettings Settings(DaprSidecarStub stub, string? apiToken = null, string? appApiToken = null) =>
        Settings(stub.GrpcAddress, stub.HttpAddress, apiToken, appApiToken);

    public static DaprSidecarSettings Settings(Uri grpc, Uri http, string? apiToken = null, string? appApiToken = null) =>
        new(grpc, http, apiToken, appApiToken, "test-app", "pubsub", "statestore", "secretstore", TimeSpan.FromSeconds(5))
        {
            CallTimeout = TimeSpan.FromSeconds(10),
        };

    public static DaprTestEvent NewEvent(string text = "hello") => new(Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow, text);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Stub.DisposeAsync();
    }
}
