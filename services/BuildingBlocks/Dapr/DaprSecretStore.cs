using System.Collections.Concurrent;
using DaprChannels.BuildingBlocks.Secrets;
using Dapr.Client;
using Grpc.Core;

namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>
/// Reads secrets from the sidecar's secret store component (read-only, as Dapr's API is), each kept for
/// <see cref="DaprSidecarSettings.SecretCacheTtl"/>: secrets are read on hot paths and the Kubernetes store makes
/// one API-server call per read. A missing secret is null (and cached too); a store that fails throws
/// <see cref="SecretStoreException"/> and is not cached.
/// </summary>
public sealed class DaprSecretStore(DaprClient client, DaprCalls calls, TimeProvider clock) : ISecretStore
{
    private readonly ConcurrentDictionary<string, CachedSecret> _cache = new(StringComparer.Ordinal);

    private DaprSidecarSettings Settings => calls.Settings;

    public async Task<IReadOnlyDictionary<string, string>?> GetSecretAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(name, out var cached) && cached.ExpiresAt > now)
        {
            return cached.Values;
        }

        IReadOnlyDictionary<string, string>? values;
        try
        {
            var data = await calls.RunAsync(
                token => client.GetSecretAsync(Settings.SecretStoreName, name, cancellationToken: token),
                (error, ex) => IsMissing(DaprCallError.RpcOf(ex), name)
                    ? new SecretMissing()
                    : new SecretStoreException($"Reading secret '{name}' failed: {error}.", ex),
                cancellationToken);
            values = IsEnvironmentStoreMiss(data, name) ? null : data;
        }
        catch (SecretMissing)
        {
            values = null;
        }

        if (Settings.SecretCacheTtl > TimeSpan.Zero)
        {
            _cache[name] = new CachedSecret(values, now + Settings.SecretCacheTtl);
        }

        return values;
    }

    /// <summary>
    /// daprd answers every failure of a store's GetSecret alike, <c>Internal</c> with
    /// "failed getting secret with key {name} from secret store {store}: {the store's error}", so only the store's
    /// own words tell a missing secret from a failing store. These are the words of the stores that say it:
    /// <c>secretstores.local.file</c> ("secret {name} not found"), <c>secretstores.kubernetes</c>
    /// (the API server's 'secrets "{name}" not found') and <c>secretstores.hashicorp.vault</c>
    /// ("getSecret {name} failed secret key or version not exist"). Anything else is a failure: a store whose
    /// "not found" is not recognised here reads as failing, never as a silently missing secret.
    /// </summary>
    public static bool IsMissing(RpcException? rpc, string name)
    {
        if (rpc is null)
        {
            return false;
        }

        if (rpc.StatusCode == StatusCode.NotFound)
        {
            return true;
        }

        if (rpc.StatusCode != StatusCode.Internal)
        {
            return false;
        }

        var prefix = $"failed getting secret with key {name} from secret store ";
        var detail = rpc.Status.Detail ?? "";
        var separator = detail.IndexOf(": ", prefix.Length, StringComparison.Ordinal);
        if (!detail.StartsWith(prefix, StringComparison.Ordinal) || separator < 0)
        {
            return false;
        }

        var storeError = detail[(separator + 2)..];
        return storeError == $"secret {name} not found"
               || storeError == $"secrets \"{name}\" not found"
               || storeError == $"getSecret {name} failed secret key or version not exist";
    }

    /// <summary><c>secretstores.local.env</c> answers an unset variable with the name mapped to "".</summary>
    private static bool IsEnvironmentStoreMiss(Dictionary<string, string> data, string name) =>
        data.Count == 1 && data.TryGetValue(name, out var value) && value.Length == 0;

    private sealed record CachedSecret(IReadOnlyDictionary<string, string>? Values, DateTimeOffset ExpiresAt);

    /// <summary>Carries "no such secret" out of the call wrapper; never leaves this class.</summary>
    private sealed class SecretMissing : Exception;
}
