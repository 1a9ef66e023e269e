namespace DaprChannels.BuildingBlocks.State;

public static class StateStoreExtensions
{
    /// <summary>
    /// Read-modify-write with optimistic concurrency: re-reads and re-applies <paramref name="update"/>
    /// when another writer got there first. <paramref name="update"/> returning null leaves the key as is.
    /// </summary>
    public static async Task<T?> UpdateAsync<T>(
        this IStateStore store,
        string key,
        Func<T?, T?> update,
        TimeSpan? ttl = null,
        int maxAttempts = 10,
        CancellationToken cancellationToken = default)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.GetAsync<T>(key, cancellationToken);
            var next = update(current?.Value);
            if (next is null)
            {
                return current?.Value;
            }

            try
            {
                if (current is null)
                {
                    if (await store.TryClaimAsync(key, next, ttl ?? TimeSpan.Zero, cancellationToken))
                    {
                        return next;
                    }
                }
                else
                {
                    await store.SaveAsync(key, next, new StateWriteOptions(current.ETag, ttl), cancellationToken);
                    return next;
                }
            }
            catch (StateConcurrencyException) when (attempt < maxAttempts)
            {
            }

            if (attempt >= maxAttempts)
            {
                throw new StateConcurrencyException(key);
            }
        }
    }
}
