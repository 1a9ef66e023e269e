using System.Security.Cryptography;
using DaprChannels.BuildingBlocks.State;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Integrations;
using DaprChannels.IntegrationAdmin.Auth;

namespace DaprChannels.IntegrationAdmin.Tenants;

public sealed record CreatedApiKey(ApiKeyRecord Record, string Key);

public sealed class TenantService(IStateStore state, TimeProvider clock)
{
    public async Task<(TenantRecord Tenant, CreatedApiKey OwnerKey)> CreateAsync(string name, string? id, CancellationToken cancellationToken)
    {
        var tenant = new TenantRecord(id ?? NewId("tn_"), name, clock.GetUtcNow());
        if (!await state.TryClaimAsync(StateKeys.Tenant(tenant.Id), tenant, TimeSpan.Zero, cancellationToken))
        {
            throw new TenantExistsException(tenant.Id);
        }

        await state.UpdateAsync<List<string>>(StateKeys.TenantIndex, ids => ids?.Contains(tenant.Id) == true ? null : [.. ids ?? [], tenant.Id],
            cancellationToken: cancellationToken);
        var key = await CreateApiKeyAsync(tenant.Id, "owner", Roles.Owner, cancellationToken);
        return (tenant, key);
    }

    public async Task<TenantRecord?> FindAsync(string tenantId, CancellationToken cancellationToken) =>
        (await state.GetAsync<TenantRecord>(StateKeys.Tenant(tenantId), cancellationToken))?.Value;

    public async Task<IReadOnlyList<TenantRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var ids = (await state.GetAsync<List<string>>(StateKeys.TenantIndex, cancellationToken))?.Value ?? [];
        var items = await state.GetManyAsync<TenantRecord>(ids.Select(StateKeys.Tenant).ToList(), cancellationToken);
        return items.Select(i => i.Value).OrderBy(t => t.CreatedAt).ToList();
    }

    public async Task<CreatedApiKey> CreateApiKeyAsync(string tenantId, string name, string role, CancellationToken cancellationToken)
    {
        var (keyId, secret, presented) = ApiKeys.Create();
        var record = new ApiKeyRecord(keyId, tenantId, name, role, ApiKeys.Hash(secret), clock.GetUtcNow());
        await state.SaveAsync(StateKeys.ApiKey(keyId), record, cancellationToken: cancellationToken);
        return new CreatedApiKey(record, presented);
    }

    public static string NewId(string prefix) => prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
}

public sealed class TenantExistsException(string tenantId) : Exception($"Tenant '{tenantId}' exists already.");
