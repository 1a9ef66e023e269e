namespace DaprChannels.BuildingBlocks.State;

/// <summary>
/// The state stores a service reaches. The unkeyed <see cref="IStateStore"/> holds the app's own keys, which no
/// other service reads; the integration read model is the one view shared by all services, reached as the keyed
/// service <see cref="IntegrationReadModel"/> (<c>[FromKeyedServices(StateStores.IntegrationReadModel)]</c>).
/// </summary>
public static class StateStores
{
    /// <summary>The key of the integration read model's store, written by IntegrationAdmin alone.</summary>
    public const string IntegrationReadModel = ComponentNames.IntegrationStateStore;
}
