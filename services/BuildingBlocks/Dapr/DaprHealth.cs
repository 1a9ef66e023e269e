using Dapr.Client;

namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>Ready when the sidecar's outbound side is (components loaded, API up); feeds <c>/readyz</c>.</summary>
public sealed class DaprHealth(DaprClient client, DaprSidecarSettings settings) : IBuildingBlocksHealth
{
    public async Task<BuildingBlocksHealthReport> CheckAsync(CancellationToken cancellationToken = default)
    {
        var healthy = await IsOutboundHealthyAsync(client, cancellationToken);
        return new BuildingBlocksHealthReport(healthy, nameof(BuildingBlocksMode.Dapr), new Dictionary<string, string>
        {
            ["sidecar"] = settings.DisplayGrpcEndpoint,
            ["sidecarHttp"] = settings.DisplayEndpoint,
            ["sidecarOutbound"] = healthy ? "healthy" : "unreachable or not ready",
            ["appId"] = settings.AppId,
            ["pubsub"] = settings.PubSubName,
            ["stateStore"] = settings.StateStoreName,
            ["integrationStateStore"] = settings.IntegrationStateStoreName,
            ["secretStore"] = settings.SecretStoreName,
        });
    }

    /// <summary>
    /// True when daprd's <c>/v1.0/healthz/outbound</c> answers 2xx (over HTTP: Dapr has no gRPC health API):
    /// components loaded and the API up, whether or not the app channel is ready yet. False for an unreachable
    /// sidecar, including one that does not answer within the client's timeout.
    /// </summary>
    internal static async Task<bool> IsOutboundHealthyAsync(DaprClient client, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CheckOutboundHealthAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
