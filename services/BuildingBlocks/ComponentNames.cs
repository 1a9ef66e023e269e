namespace DaprChannels.BuildingBlocks;

/// <summary>Dapr component names, used in sidecar URLs and in components/ and the Helm chart.</summary>
public static class ComponentNames
{
    public const string PubSub = "pubsub";
    public const string StateStore = "statestore";
    public const string SecretStore = "secretstore";
}
