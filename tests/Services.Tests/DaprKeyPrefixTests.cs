using DaprChannels.BuildingBlocks;
using DaprChannels.BuildingBlocks.Dapr;
using DaprChannels.TestSupport.Dapr;

namespace DaprChannels.Services.Tests;

/// <summary>
/// Under Dapr, with the components as shipped (statestore keyed by app id, integrationstore by its name), one
/// service's private keys are out of every other service's reach, while the integration read model is one view
/// for all: two apps, each with its sidecar, over one Redis.
/// </summary>
public sealed class DaprKeyPrefixTests : IAsyncLifetime
{
    private readonly RedisStateModel _redis = new();
    private DaprSidecarStub _dispatcherSidecar = null!;
    private DaprSidecarStub _ingressSidecar = null!;
    private ServiceProvider _dispatcher = null!;
    private ServiceProvider _ingress = null!;

    public async Task InitializeAsync()
    {
        (_dispatcherSidecar, _dispatcher) = await StartAppAsync(AppIds.Dispatcher);
        (_ingressSidecar, _ingress) = await StartAppAsync(AppIds.Ingress);
    }

    public async Task DisposeAsync()
    {
        await _dispatcher.DisposeAsync();
        await _ingress.DisposeAsync();
        await _dispatcherSidecar.DisposeAsync();
        await _ingressSidecar.DisposeAsync();
    }

    [Fact]
    public async Task One_apps_private_keys_are_invisible_to_another_app_under_the_same_name()
    {
        const string key = "outbound:widget:int_1:visitor";
        await Private(_dispatcher).SaveAsync(key, "written by the dispatcher");

        (await Private(_ingress).GetAsync<string>(key)).Should().BeNull("the Ingress's key of that name is its own");
        await Private(_ingress).SaveAsync(key, "written by ingress");
        (await Private(_dispatcher).GetAsync<string>(key))!.Value.Should().Be("written by the dispatcher");
        _redis.StoredKeys.Should().BeEquivalentTo([$"{AppIds.Dispatcher}||{key}", $"{AppIds.Ingress}||{key}"]);
    }

    [Fact]
    public async Task The_integration_read_model_is_the_same_keys_for_every_app()
    {
        var key = IntegrationReadModelKeys.Route("whatsapp", "106540352242922");
        await ReadModel(_dispatcher).SaveAsync(key, "int_1");

        (await ReadModel(_ingress).GetAsync<string>(key))!.Value.Should().Be("int_1");
        (await Private(_ingress).GetAsync<string>(key)).Should().BeNull("the read model is not in the app's private store");
        _redis.StoredKeys.Should().Equal($"{ComponentNames.IntegrationStateStore}||{key}");
    }

    private static IStateStore Private(IServiceProvider app) => app.GetRequiredService<IStateStore>();

    private static IStateStore ReadModel(IServiceProvider app) => app.GetRequiredKeyedService<IStateStore>(StateStores.IntegrationReadModel);

    private async Task<(DaprSidecarStub, ServiceProvider)> StartAppAsync(string appId)
    {
        var sidecar = await DaprSidecarStub.StartAsync(_redis);
        sidecar.AppId = appId;
        var settings = new DaprSidecarSettings(sidecar.GrpcAddress, sidecar.HttpAddress, null, null, appId,
            ComponentNames.PubSub, ComponentNames.StateStore, ComponentNames.SecretStore, TimeSpan.FromSeconds(5));
        return (sidecar, new ServiceCollection().AddLogging().AddDaprBuildingBlocks(settings).BuildServiceProvider());
    }
}
