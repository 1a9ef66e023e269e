namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>Ready when the sidecar's outbound side is (components loaded, API up); feeds <c>/readyz</c>.</summary>
public sealed class DaprHealth(DaprSidecarClient client) : IBuildingBlocksHealth
{
    public async Task<BuildingBlocksHealthReport> CheckAsync(CancellationToken cancellationToken = default)
    {
        var healthy = await client.IsOutboundHealthyAsync(cancellationToken);
        var settings = client.Settings;
        return new BuildingBlocksHealthReport(healthy, nameof(BuildingBlocksMode.Dapr), new Dictionary<string, string>
        {
            ["sidecar"] = settings.DisplayEndpoint,
            ["sidecarOutbound"] = healthy ? "healthy" : "unreachable or not ready",
            ["appId"] = settings.AppId,
            ["pubsub"] = settings.PubSubName,
            ["stateStore"] = settings.StateStoreName,
            ["secretStore"] = settings.SecretStoreName,
        });
    }
}
