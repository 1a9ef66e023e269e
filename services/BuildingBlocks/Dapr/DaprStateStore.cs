using System.Globalization;
using System.Text;
using DaprChannels.BuildingBlocks.State;
using Dapr.Client;
using Grpc.Core;

namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>
/// One state store component behind the sidecar's gRPC state API; values are JSON in <see cref="EventJson.Options"/>.
/// Keys travel in message fields, never in a URL, so any key reaches the store as written (the component adds
/// its key prefix: the app id for the private store, the store's name for the integration read model).
/// </summary>
public sealed class DaprStateStore(DaprClient client, DaprCalls calls, string storeName) : IStateStore
{
    /// <summary>How often an unconditional save over a first-write key re-reads its ETag before giving up.</summary>
    private const int GuardedSaveAttempts = 5;

    private string Store => storeName;

    public async Task<StateItem<T>?> GetAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        var (json, etag) = await ReadAsync(key, cancellationToken);
        return json.IsEmpty ? null : ToItem<T>(key, json.Span, etag);
    }

    public async Task<IReadOnlyList<StateItem<T>>> GetManyAsync<T>(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        var items = await calls.RunAsync(
            token => client.GetBulkStateAsync(Store, keys, parallelism: 10, cancellationToken: token),
            (error, ex) => new StateStoreException($"Bulk reading {keys.Count} state keys failed: {error}.", ex),
            cancellationToken);

        // A key the store does not hold comes back with empty data; the rest keep the requested order.
        var found = new Dictionary<string, BulkStateItem>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!string.IsNullOrEmpty(item.Value))
            {
                found[item.Key] = item;
            }
        }

        return keys.Distinct(StringComparer.Ordinal)
            .Where(found.ContainsKey)
            .Select(k => ToItem<T>(k, Encoding.UTF8.GetBytes(found[k].Value), found[k].ETag))
            .ToList();
    }

    /// <summary>
    /// With an ETag, only if it still matches (else <see cref="StateConcurrencyException"/>). Without one, whatever
    /// is there: Redis refuses a save without an ETag over a key created by a first-write (a claim) for as long as
    /// that key lives, so such a refusal is settled by reading the key's ETag and saving with it.
    /// </summary>
    public async Task SaveAsync<T>(string key, T value, StateWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var json = Serialize(value);
        var metadata = TtlMetadata(options?.Ttl);
        if (!string.IsNullOrEmpty(options?.ETag))
        {
            if (!await TrySaveAsync(key, json, options.ETag, metadata, cancellationToken))
            {
                throw new StateConcurrencyException(key);
            }

            return;
        }

        Exception refusal;
        try
        {
            await calls.RunAsync(
                token => client.SaveByteStateAsync(Store, key, json, metadata: metadata, cancellationToken: token),
                (error, ex) => new StateStoreException($"Saving state key '{key}' failed: {error}.", ex),
                cancellationToken);
            return;
        }
        catch (StateStoreException ex) when (DaprCallError.RpcOf(ex.InnerException!) is { StatusCode: not (StatusCode.Unavailable or StatusCode.DeadlineExceeded) })
        {
            refusal = ex;
        }

        for (var attempt = 0; attempt < GuardedSaveAttempts; attempt++)
        {
            var (current, etag) = await ReadAsync(key, cancellationToken);
            if (current.IsEmpty || string.IsNullOrEmpty(etag))
            {
                // Nothing there to be guarded by: the store really failed.
                throw refusal;
            }

            if (await TrySaveAsync(key, json, etag, metadata, cancellationToken))
            {
                return;
            }
        }

        throw new StateConcurrencyException(key);
    }

    /// <summary>
    /// A first-write save without an ETag. Stores refuse it for an existing key in different ways (Redis answers
    /// <c>Internal ERR_STATE_SAVE</c>, which a broken store also answers; others <c>Aborted</c>), so any refusal is
    /// settled by a read: the key exists, so someone else claimed it; it does not, so the store really failed.
    /// </summary>
    public async Task<bool> TryClaimAsync<T>(string key, T value, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var json = Serialize(value);
        var firstWrite = new StateOptions { Concurrency = ConcurrencyMode.FirstWrite };
        try
        {
            await calls.RunAsync(
                token => client.SaveByteStateAsync(Store, key, json, firstWrite, TtlMetadata(ttl), token),
                (error, ex) => new StateStoreException($"Claiming state key '{key}' failed: {error}.", ex),
                cancellationToken);
            return true;
        }
        catch (StateStoreException refused)
        {
            var (existing, _) = await ReadAsync(key, cancellationToken);
            if (!existing.IsEmpty)
            {
                return false;
            }

            throw new StateStoreException($"Claiming state key '{key}' failed and the key does not exist.", refused);
        }
    }

    public async Task DeleteAsync(string key, string? etag = null, CancellationToken cancellationToken = default)
    {
        Func<DaprCallError, Exception, Exception> failure = (error, ex) => new StateStoreException($"Deleting state key '{key}' failed: {error}.", ex);
        if (string.IsNullOrEmpty(etag))
        {
            await calls.RunAsync(token => client.DeleteStateAsync(Store, key, cancellationToken: token), failure, cancellationToken);
            return;
        }

        // Dapr.Client reports daprd's Aborted (the store's ETag mismatch) as false.
        if (!await calls.RunAsync(token => client.TryDeleteStateAsync(Store, key, etag, cancellationToken: token), failure, cancellationToken))
        {
            throw new StateConcurrencyException(key);
        }
    }

    /// <summary>
    /// Applies upserts and deletes in one <c>ExecuteStateTransaction</c>. daprd reports any failure of the store's
    /// transaction, an ETag mismatch included, as <c>Internal ERR_STATE_TRANSACTION</c>; when an operation carried an
    /// ETag it is taken for a conflict (<see cref="StateConcurrencyException"/>) so callers re-read and retry.
    /// </summary>
    public async Task TransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default)
    {
        if (operations.Count == 0)
        {
            return;
        }

        var requests = operations.Select(o => new StateTransactionRequest(
            o.Key,
            o.Kind == StateOperationKind.Upsert ? (o.Value is { } v ? JsonSerializer.SerializeToUtf8Bytes(v, EventJson.Options) : "null"u8.ToArray()) : null,
            o.Kind == StateOperationKind.Upsert ? StateOperationType.Upsert : StateOperationType.Delete,
            string.IsNullOrEmpty(o.ETag) ? null : o.ETag,
            TtlMetadata(o.Kind == StateOperationKind.Upsert ? o.Ttl : null))).ToList();

        var conditional = operations.FirstOrDefault(o => !string.IsNullOrEmpty(o.ETag));
        await calls.RunAsync(
            token => client.ExecuteStateTransactionAsync(Store, requests, cancellationToken: token),
            (error, ex) => conditional is not null && IsConflict(error)
                ? new StateConcurrencyException(conditional.Key)
                : new StateStoreException($"A state transaction of {operations.Count} operations failed: {error}.", ex),
            cancellationToken);
    }

    private static bool IsConflict(DaprCallError error) =>
        error.StatusCode == StatusCode.Aborted
        || (error.StatusCode == StatusCode.Internal && error.ErrorCode == "ERR_STATE_TRANSACTION");

    private Task<(ReadOnlyMemory<byte> Json, string ETag)> ReadAsync(string key, CancellationToken cancellationToken) =>
        calls.RunAsync(
            async token =>
            {
                var (json, etag) = await client.GetByteStateAndETagAsync(Store, key, cancellationToken: token);
                return (json, etag ?? "");
            },
            (error, ex) => new StateStoreException($"Reading state key '{key}' failed: {error}.", ex),
            cancellationToken);

    /// <summary>A save carrying <paramref name="etag"/>; false when the store refused it as a mismatch (daprd: Aborted).</summary>
    private Task<bool> TrySaveAsync(string key, byte[] json, string etag, IReadOnlyDictionary<string, string>? metadata, CancellationToken cancellationToken) =>
        calls.RunAsync(
            token => client.TrySaveByteStateAsync(Store, key, json, etag, metadata: metadata, cancellationToken: token),
            (error, ex) => new StateStoreException($"Saving state key '{key}' failed: {error}.", ex),
            cancellationToken);

    /// <summary>Item metadata is a string map in Dapr: <c>ttlInSeconds</c> goes as text, rounded up so a key never expires early.</summary>
    private static Dictionary<string, string>? TtlMetadata(TimeSpan? ttl) =>
        ttl is { } t && t > TimeSpan.Zero ? new Dictionary<string, string> { ["ttlInSeconds"] = TtlSeconds(t) } : null;

    /// <summary>Whole seconds, rounded up so a key never expires before it was asked to, at least one.</summary>
    internal static string TtlSeconds(TimeSpan ttl) =>
        Math.Max(1L, (long)Math.Ceiling(ttl.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, EventJson.Options);

    private static StateItem<T> ToItem<T>(string key, ReadOnlySpan<byte> json, string? etag)
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(json, EventJson.Options);
        }
        catch (JsonException ex)
        {
            throw new StateStoreException($"State key '{key}' does not hold a {typeof(T).Name}.", ex);
        }

        // A store without ETag support gives none; "" then means "unconditional" on the next write.
        return new StateItem<T>(key, value!, etag ?? "");
    }
}
