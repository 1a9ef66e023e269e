namespace DaprChannels.BuildingBlocks;

/// <summary>Dapr component names, used in sidecar URLs and in components/ and the Helm chart.</summary>
public static class ComponentNames
{
    public const string PubSub = "pubsub";
    /// <summary>Each app's private state: <c>keyPrefix: appid</c>, so one app cannot name another's keys.</summary>
    public const string StateStore = "statestore";

    /// <summary>
    /// The integration read model (integrations, their tenant index, platform routes, secret grants):
    /// <c>keyPrefix: name</c>, written by IntegrationAdmin and read by every service.
    /// </summary>
    public const string IntegrationStateStore = "integrationstore";
    public const string SecretStore = "secretstore";

    /// <summary>The actor state store Dapr Workflow keeps histories in; scoped to <see cref="WorkflowHostAppId"/>.</summary>
    public const string WorkflowStateStore = "workflowstore";

    /// <summary>The one app that hosts workflows (its sagas), and so the one that may use <see cref="WorkflowStateStore"/>.</summary>
    public const string WorkflowHostAppId = "integration-admin";
}
