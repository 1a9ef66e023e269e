using System.Text.Json;
using DaprChannels.BuildingBlocks.State;

namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>The shared key/value store behind the sidecar's state API; values are JSON in <see cref="EventJson.Options"/>.</summary>
public sealed class DaprStateStore(DaprSidecarClient client) : IStateStore
{
    private string Store => client.Settings.StateStoreName;

    public async Task<StateItem<T>?> GetAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        var entry = await client.GetStateAsync(Store, key, cancellationToken);
        return entry is null ? null : ToItem<T>(entry);
    }

    public async Task<IReadOnlyList<StateItem<T>>> GetManyAsync<T>(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        var entries = await client.GetBulkStateAsync(Store, keys, cancellationToken);
        return entries.Select(ToItem<T>).ToList();
    }

    public Task SaveAsync<T>(string key, T value, StateWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        client.SaveStateAsync(Store, [new DaprStateSaveItem(key, Serialize(value), options?.ETag, options?.Ttl)], cancellationToken);

    /// <summary>
    /// A first-write save without an ETag. Stores refuse it for an existing key in different ways (409; Redis
    /// answers 500 <c>ERR_STATE_SAVE</c>, which a broken store also answers), so any refusal is settled by a read:
    /// the key exists, so someone else claimed it; it does not, so the store really failed.
    /// </summary>
    public async Task<bool> TryClaimAsync<T>(string key, T value, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var item = new DaprStateSaveItem(key, Serialize(value), ETag: null, Ttl: ttl > TimeSpan.Zero ? ttl : null, DaprConcurrency.FirstWrite);
        try
        {
            await client.SaveStateAsync(Store, [item], cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is StateConcurrencyException or StateStoreException)
        {
            var existing = await client.GetStateAsync(Store, key, cancellationToken);
            if (existing is not null)
            {
                return false;
            }

            throw new StateStoreException($"Claiming state key '{key}' failed and the key does not exist.", ex);
        }
    }

    public Task DeleteAsync(string key, string? etag = null, CancellationToken cancellationToken = default) =>
        client.DeleteStateAsync(Store, key, etag, cancellationToken);

    public Task TransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default) =>
        client.ExecuteStateTransactionAsync(Store, operations, cancellationToken);

    private static JsonElement Serialize<T>(T value) => JsonSerializer.SerializeToElement(value, EventJson.Options);

    private static StateItem<T> ToItem<T>(DaprStateEntry entry)
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(entry.Json.Span, EventJson.Options);
        }
        catch (JsonException ex)
        {
            throw new StateStoreException($"State key '{entry.Key}' does not hold a {typeof(T).Name}.", ex);
        }

        // A store without ETag support gives none; "" then means "unconditional" on the next write.
        return new StateItem<T>(entry.Key, value!, entry.ETag ?? "");
    }
}
