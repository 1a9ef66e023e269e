using DaprChannels.BuildingBlocks.Secrets;

namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>Reads secrets from the sidecar's secret store component (read-only, as Dapr's API is).</summary>
public sealed class DaprSecretStore(DaprSidecarClient client) : ISecretStore
{
    public Task<IReadOnlyDictionary<string, string>?> GetSecretAsync(string name, CancellationToken cancellationToken = default) =>
        client.GetSecretAsync(client.Settings.SecretStoreName, name, cancellationToken);
}
