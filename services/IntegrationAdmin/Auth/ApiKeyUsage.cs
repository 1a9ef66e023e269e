using System.Collections.Concurrent;
using DaprChannels.IntegrationAdmin.Tenants;

namespace DaprChannels.IntegrationAdmin.Auth;

/// <summary>
/// Records when each API key was last used, for its owners' list: at most one write per key every
/// <see cref="Resolution"/> in each replica, to a key of its own (never the key's record, so it cannot
/// undo a revocation). The first use in a replica also lists a key made before keys were listed.
/// Remembers only when it last wrote, never whether a key is valid.
/// </summary>
public sealed class ApiKeyUsage(IStateStore state, TenantService tenants, TimeProvider clock, ILogger<ApiKeyUsage> logger)
{
    public static readonly TimeSpan Resolution = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _written = new(StringComparer.Ordinal);

    public async Task RecordAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var firstInReplica = !_written.TryGetValue(key.Id, out var last);
        if (!firstInReplica && now - last < Resolution)
        {
            return;
        }

        _written[key.Id] = now;
        try
        {
            await state.SaveAsync(IntegrationAdminStateKeys.ApiKeyUsed(key.Id), now, cancellationToken: cancellationToken);
            if (firstInReplica)
            {
                await tenants.IndexApiKeyAsync(key.TenantId, key.Id, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is StateStoreException or StateConcurrencyException)
        {
            // Bookkeeping only: the request goes on, and the next use past the resolution tries again.
            _written.TryRemove(key.Id, out _);
            logger.LogDebug(ex, "Could not record the use of API key {KeyId}", key.Id);
        }
    }
}
