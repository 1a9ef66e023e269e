namespace DaprChannels.BuildingBlocks.State;

public enum WorkState
{
    /// <summary>A worker holds the lease and is doing the work.</summary>
    InProgress,

    /// <summary>The work was done; nobody does it again.</summary>
    Done,
}

/// <summary>
/// What is kept under the key of work that must happen once per key (a lead read from its platform,
/// a lead posted to a webhook): who is doing it and until when, or that it is done.
/// </summary>
/// <param name="Owner">The holder of the lease: a fresh id per attempt, never a process or a delivery.</param>
/// <param name="LeaseUntil">After this another worker may take the work over: its holder is taken to have crashed.</param>
public sealed record WorkRecord(WorkState State, string? Owner = null, DateTimeOffset? LeaseUntil = null, DateTimeOffset? DoneAt = null);

/// <summary>A lease this caller holds on <see cref="Key"/>.</summary>
public sealed record WorkLease(string Key, string Owner, DateTimeOffset Until);

public enum LeaseOutcome
{
    /// <summary>This caller holds the lease and does the work.</summary>
    Acquired,

    /// <summary>The work is done already.</summary>
    Done,

    /// <summary>Another worker holds a live lease: come back later, so the work is not lost should that worker crash.</summary>
    Busy,
}

/// <summary>
/// Once-per-key work on the state store with nothing lost: a worker leases the key (first-write claim
/// when absent, ETag compare-and-swap over a lapsed lease), does the work, and marks it done. A
/// second worker finds the work done, or a live lease and comes back later, or a lapsed lease
/// (its holder crashed) and takes it over. A value under the key that is not a <see cref="WorkRecord"/>
/// (a plain claim written before leases existed) counts as done.
/// </summary>
public static class WorkLeases
{
    private const int MaxAttempts = 10;

    public static async Task<(LeaseOutcome Outcome, WorkLease? Lease)> TryLeaseWorkAsync(
        this IStateStore store,
        string key,
        TimeSpan leaseDuration,
        TimeSpan retention,
        TimeProvider clock,
        CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await store.GetAsync<JsonElement>(key, cancellationToken);
            var now = clock.GetUtcNow();
            var lease = new WorkLease(key, Guid.NewGuid().ToString("N"), now + leaseDuration);
            var record = new WorkRecord(WorkState.InProgress, lease.Owner, lease.Until);
            if (current is null)
            {
                if (await store.TryClaimAsync(key, record, retention, cancellationToken))
                {
                    return (LeaseOutcome.Acquired, lease);
                }

                // Another worker created the key first: what it wrote decides.
                continue;
            }

            var existing = Read(current.Value);
            if (existing.State == WorkState.Done)
            {
                return (LeaseOutcome.Done, null);
            }

            if (existing.LeaseUntil > now)
            {
                return (LeaseOutcome.Busy, null);
            }

            try
            {
                await store.SaveAsync(key, record, new StateWriteOptions(current.ETag, retention), cancellationToken);
                return (LeaseOutcome.Acquired, lease);
            }
            catch (StateConcurrencyException)
            {
                // Another worker took the lapsed lease over, or finished, first.
            }
        }

        return (LeaseOutcome.Busy, null);
    }

    /// <summary>
    /// The write that marks the work done, valid only while <paramref name="lease"/> still holds the key
    /// (it carries the ETag just read), to be applied together with the work's own effect (an event
    /// published with it). Null when the lease was taken over or the work is done: the caller's effect
    /// must then not happen.
    /// </summary>
    public static async Task<StateOperation?> CompletionOfAsync(
        this IStateStore store, WorkLease lease, TimeSpan retention, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var current = await store.GetAsync<JsonElement>(lease.Key, cancellationToken);
        if (current is null || Read(current.Value) is not { State: WorkState.InProgress } held || held.Owner != lease.Owner)
        {
            return null;
        }

        return StateOperation.Upsert(lease.Key, Completed(clock), current.ETag, retention);
    }

    /// <summary>Marks the work done whoever holds the lease: for work whose effect has happened already (a POST answered 2xx).</summary>
    public static Task MarkWorkDoneAsync(this IStateStore store, string key, TimeSpan retention, TimeProvider clock, CancellationToken cancellationToken = default) =>
        store.SaveAsync(key, Completed(clock), new StateWriteOptions(Ttl: retention), cancellationToken);

    /// <summary>
    /// Gives the lease up early (the work failed and will be tried again), if it is still this caller's.
    /// False when it could not be removed: it then lapses by itself.
    /// </summary>
    public static async Task<bool> ReleaseWorkAsync(this IStateStore store, WorkLease lease)
    {
        try
        {
            var current = await store.GetAsync<JsonElement>(lease.Key, CancellationToken.None);
            if (current is null || Read(current.Value) is not { State: WorkState.InProgress } held || held.Owner != lease.Owner)
            {
                return true;
            }

            await store.DeleteAsync(lease.Key, current.ETag, CancellationToken.None);
            return true;
        }
        catch (StateConcurrencyException)
        {
            // Taken over or finished in between: no longer this caller's to release.
            return true;
        }
        catch (StateStoreException)
        {
            return false;
        }
    }

    private static WorkRecord Completed(TimeProvider clock) => new(WorkState.Done, DoneAt: clock.GetUtcNow());

    private static WorkRecord Read(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return new WorkRecord(WorkState.Done);
        }

        try
        {
            return value.Deserialize<WorkRecord>(EventJson.Options) ?? new WorkRecord(WorkState.Done);
        }
        catch (JsonException)
        {
            return new WorkRecord(WorkState.Done);
        }
    }
}
