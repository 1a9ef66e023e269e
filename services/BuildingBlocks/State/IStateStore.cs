namespace DaprChannels.BuildingBlocks.State;

/// <summary>A value read from the store with the ETag that a conditional write must present.</summary>
public sealed record StateItem<T>(string Key, T Value, string ETag);

/// <param name="ETag">Write only if the stored ETag still matches (optimistic concurrency).</param>
/// <param name="Ttl">Delete the key after this long.</param>
public sealed record StateWriteOptions(string? ETag = null, TimeSpan? Ttl = null);

/// <summary>
/// The shared key/value store. Values are JSON (<see cref="EventJson.Options"/>). An ETag mismatch
/// throws <see cref="StateConcurrencyException"/>; any other failure <see cref="StateStoreException"/>.
/// </summary>
public interface IStateStore
{
    Task<StateItem<T>?> GetAsync<T>(string key, CancellationToken cancellationToken = default);

    /// <summary>Reads several keys at once; missing keys are left out.</summary>
    Task<IReadOnlyList<StateItem<T>>> GetManyAsync<T>(IReadOnlyList<string> keys, CancellationToken cancellationToken = default);

    Task SaveAsync<T>(string key, T value, StateWriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates <paramref name="key"/> only if it is absent (first-write wins). True if this call created
    /// it, false if it already existed. A <paramref name="ttl"/> of zero keeps the key forever.
    /// </summary>
    Task<bool> TryClaimAsync<T>(string key, T value, TimeSpan ttl, CancellationToken cancellationToken = default);

    Task DeleteAsync(string key, string? etag = null, CancellationToken cancellationToken = default);

    /// <summary>Applies all operations or none.</summary>
    Task TransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default);
}

public sealed record StateOperation(StateOperationKind Kind, string Key, JsonElement? Value, string? ETag, TimeSpan? Ttl)
{
    public static StateOperation Upsert<T>(string key, T value, string? etag = null, TimeSpan? ttl = null) =>
        new(StateOperationKind.Upsert, key, JsonSerializer.SerializeToElement(value, EventJson.Options), etag, ttl);

    public static StateOperation Delete(string key, string? etag = null) =>
        new(StateOperationKind.Delete, key, null, etag, null);
}

public enum StateOperationKind
{
    Upsert,
    Delete,
}

public sealed class StateConcurrencyException(string key) : Exception($"The state of '{key}' changed since it was read.")
{
    public string Key { get; } = key;
}

public sealed class StateStoreException(string message, Exception? inner = null) : Exception(message, inner);
