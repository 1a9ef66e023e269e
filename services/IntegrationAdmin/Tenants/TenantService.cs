using System.Security.Cryptography;

namespace DaprChannels.IntegrationAdmin.Tenants;

public sealed record CreatedApiKey(ApiKeyRecord Record, string Key);

/// <summary>A key as its tenant's owners see it listed: never its secret nor the secret's hash.</summary>
public sealed record ApiKeyListing(string Id, string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

public enum RevokeOutcome
{
    Revoked,

    /// <summary>No key of this tenant has that id.</summary>
    NotFound,

    /// <summary>Refused: the key is the tenant's last active owner key and the caller is not the operator.</summary>
    LastOwner,
}

public sealed class TenantService(IStateStore state, TimeProvider clock)
{
    public async Task<(TenantRecord Tenant, CreatedApiKey OwnerKey)> CreateAsync(string name, string? id, CancellationToken cancellationToken)
    {
        var tenant = new TenantRecord(id ?? NewId("tn_"), name, clock.GetUtcNow());
        if (!await state.TryClaimAsync(IntegrationAdminStateKeys.Tenant(tenant.Id), tenant, TimeSpan.Zero, cancellationToken))
        {
            throw new TenantExistsException(tenant.Id);
        }

        await state.UpdateAsync<List<string>>(IntegrationAdminStateKeys.TenantIndex, ids => ids?.Contains(tenant.Id) == true ? null : [.. ids ?? [], tenant.Id],
            cancellationToken: cancellationToken);
        var key = await CreateApiKeyAsync(tenant.Id, "owner", Roles.Owner, cancellationToken);
        return (tenant, key);
    }

    public async Task<TenantRecord?> FindAsync(string tenantId, CancellationToken cancellationToken) =>
        (await state.GetAsync<TenantRecord>(IntegrationAdminStateKeys.Tenant(tenantId), cancellationToken))?.Value;

    public async Task<IReadOnlyList<TenantRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var ids = (await state.GetAsync<List<string>>(IntegrationAdminStateKeys.TenantIndex, cancellationToken))?.Value ?? [];
        var items = await state.GetManyAsync<TenantRecord>(ids.Select(IntegrationAdminStateKeys.Tenant).ToList(), cancellationToken);
        return items.Select(i => i.Value).OrderBy(t => t.CreatedAt).ToList();
    }

    /// <remarks>
    /// Listed first, then stored: an id listed whose key was never stored is skipped when listing, while
    /// a key stored but never listed could not be found to revoke.
    /// </remarks>
    public async Task<CreatedApiKey> CreateApiKeyAsync(string tenantId, string name, string role, CancellationToken cancellationToken)
    {
        var (keyId, secret, presented) = ApiKeys.Create();
        var record = new ApiKeyRecord(keyId, tenantId, name, role, ApiKeys.Hash(secret), clock.GetUtcNow());
        await IndexApiKeyAsync(tenantId, keyId, cancellationToken);
        await state.SaveAsync(IntegrationAdminStateKeys.ApiKey(keyId), record, cancellationToken: cancellationToken);
        return new CreatedApiKey(record, presented);
    }

    /// <summary>Adds a key to its tenant's list; keys made before there was a list are added when they are next used.</summary>
    public Task IndexApiKeyAsync(string tenantId, string keyId, CancellationToken cancellationToken) =>
        state.UpdateAsync<List<string>>(IntegrationAdminStateKeys.ApiKeyIndex(tenantId), ids => ids?.Contains(keyId) == true ? null : [.. ids ?? [], keyId],
            cancellationToken: cancellationToken);

    /// <summary>The tenant's keys that still authenticate, oldest first.</summary>
    public async Task<IReadOnlyList<ApiKeyListing>> ListApiKeysAsync(string tenantId, CancellationToken cancellationToken)
    {
        var ids = (await state.GetAsync<List<string>>(IntegrationAdminStateKeys.ApiKeyIndex(tenantId), cancellationToken))?.Value ?? [];
        var keys = await ActiveKeysAsync(tenantId, ids, cancellationToken);
        var used = (await state.GetManyAsync<DateTimeOffset>(keys.Select(k => IntegrationAdminStateKeys.ApiKeyUsed(k.Id)).ToList(), cancellationToken))
            .ToDictionary(u => u.Key, u => u.Value);
        return keys
            .OrderBy(k => k.CreatedAt)
            .Select(k => new ApiKeyListing(k.Id, k.Name, k.Role, k.CreatedAt,
                used.TryGetValue(IntegrationAdminStateKeys.ApiKeyUsed(k.Id), out var at) ? at : null))
            .ToList();
    }

    /// <summary>
    /// Revokes a key of <paramref name="tenantId"/>: it stops authenticating with the next request, in
    /// every replica (keys are read from the store on every request). Unless <paramref name="byOperator"/>,
    /// the tenant's last active owner key is kept, so a tenant cannot lock itself out. The key and the
    /// tenant's list change in one transaction guarded by the list's ETag, so two owners revoking each
    /// other's keys at once cannot both succeed.
    /// </summary>
    public async Task<RevokeOutcome> RevokeApiKeyAsync(string tenantId, string keyId, bool byOperator, CancellationToken cancellationToken)
    {
        var indexKey = IntegrationAdminStateKeys.ApiKeyIndex(tenantId);
        for (var attempt = 1; ; attempt++)
        {
            var index = await state.GetAsync<List<string>>(indexKey, cancellationToken);
            var key = await state.GetAsync<ApiKeyRecord>(IntegrationAdminStateKeys.ApiKey(keyId), cancellationToken);
            if (key is null || key.Value.TenantId != tenantId)
            {
                return RevokeOutcome.NotFound;
            }

            var ids = index?.Value ?? [];
            if (key.Value.RevokedAt is not null && !ids.Contains(keyId))
            {
                return RevokeOutcome.Revoked;
            }

            if (key.Value is { RevokedAt: null, Role: Roles.Owner } && !byOperator)
            {
                var others = await ActiveKeysAsync(tenantId, ids.Where(id => id != keyId).ToList(), cancellationToken);
                if (!others.Any(k => k.Role == Roles.Owner))
                {
                    return RevokeOutcome.LastOwner;
                }
            }

            var operations = new List<StateOperation>(2)
            {
                StateOperation.Upsert(IntegrationAdminStateKeys.ApiKey(keyId), key.Value with { RevokedAt = key.Value.RevokedAt ?? clock.GetUtcNow() }, key.ETag),
            };
            if (index is not null)
            {
                // Written even when the id is not listed (a key older than the list): its ETag is what serializes revocations.
                operations.Add(StateOperation.Upsert(indexKey, ids.Where(id => id != keyId).ToList(), index.ETag));
            }

            try
            {
                await state.TransactAsync(operations, cancellationToken);
                return RevokeOutcome.Revoked;
            }
            catch (StateConcurrencyException) when (attempt < 10)
            {
                // Another key of the tenant was created or revoked meanwhile; decide again on what is stored now.
            }
        }
    }

    private async Task<List<ApiKeyRecord>> ActiveKeysAsync(string tenantId, IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        (await state.GetManyAsync<ApiKeyRecord>(ids.Select(IntegrationAdminStateKeys.ApiKey).ToList(), cancellationToken))
        .Select(item => item.Value)
        .Where(k => k.TenantId == tenantId && k.RevokedAt is null)
        .ToList();

    public static string NewId(string prefix) => prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
}

public sealed class TenantExistsException(string tenantId) : Exception($"Tenant '{tenantId}' exists already.");
