namespace DaprChannels.TestSupport.Dapr;

/// <summary>How a state operation was refused, in the terms daprd maps to gRPC statuses.</summary>
public enum StateRefusal
{
    None,

    /// <summary>The store's ETagMismatch: daprd answers <c>Aborted</c>.</summary>
    ETagMismatch,

    /// <summary>The store's ETagInvalid (not a number for Redis): daprd answers <c>InvalidArgument</c>.</summary>
    ETagInvalid,

    /// <summary>Any other error of the store: daprd answers <c>Internal</c>.</summary>
    Failed,
}

/// <summary>
/// Dapr's Redis state store (components-contrib state/redis, the hash layout without RedisJSON) in memory, as far
/// as this app can observe it. Each key is a hash of data, an integer version (the ETag) and, once a first-write
/// save created or updated it, a <c>first-write</c> flag that stays until the key is deleted or expires. The save
/// script accepts a write when the key is absent, when the ETag equals the version, or when no ETag is sent and
/// the key carries no first-write flag; so a first-write save over a key written without it overwrites, and a key
/// written with it accepts afterwards only saves that carry its ETag. A save without a TTL keeps the key's expiry
/// (HSET does not clear it); a TTL of zero or less persists it. Deletes without an ETag always succeed.
/// Transactions are checked whole before anything is applied (all or nothing, as Dapr's API promises; see the
/// README for what Redis itself does).
/// </summary>
public sealed class RedisStateModel
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private TimeSpan _clockOffset;

    public DateTimeOffset Now => DateTimeOffset.UtcNow + _clockOffset;

    public void Advance(TimeSpan by)
    {
        lock (_lock)
        {
            _clockOffset += by;
        }
    }

    public (byte[] Data, string ETag)? Get(string key)
    {
        lock (_lock)
        {
            return Live(key) is { } e ? (e.Data, e.Version.ToString(CultureInfo.InvariantCulture)) : null;
        }
    }

    public bool IsFirstWriteGuarded(string key)
    {
        lock (_lock)
        {
            return Live(key)?.FirstWrite == true;
        }
    }

    /// <summary>As another writer would: overwrites whatever is there (dropping any first-write flag); returns the new ETag.</summary>
    public string Overwrite(string key, byte[] data)
    {
        lock (_lock)
        {
            var version = (Live(key)?.Version ?? 0) + 1;
            _entries[key] = new Entry(data, version, false, null);
            return version.ToString(CultureInfo.InvariantCulture);
        }
    }

    public StateRefusal Set(SetRequest request)
    {
        lock (_lock)
        {
            var refusal = Check(request);
            if (refusal == StateRefusal.None)
            {
                Apply(request);
            }

            return refusal;
        }
    }

    public StateRefusal Delete(string key, string? etag)
    {
        lock (_lock)
        {
            var refusal = CheckDelete(key, etag);
            if (refusal == StateRefusal.None)
            {
                _entries.Remove(key);
            }

            return refusal;
        }
    }

    /// <summary>Upserts (<see cref="SetRequest"/>) and deletes (<see cref="DeleteRequest"/>) together, or none of them.</summary>
    public StateRefusal Multi(IReadOnlyList<object> operations)
    {
        lock (_lock)
        {
            // Checked against the state as each earlier operation leaves it, then applied: a copy stands in.
            var saved = new Dictionary<string, Entry>(_entries, StringComparer.Ordinal);
            foreach (var operation in operations)
            {
                var refusal = operation switch
                {
                    // Redis's Multi runs the save script without the first-write argument.
                    SetRequest set => Check(set with { FirstWrite = false }),
                    DeleteRequest delete => CheckDelete(delete.Key, delete.ETag),
                    _ => StateRefusal.Failed,
                };
                if (refusal != StateRefusal.None)
                {
                    _entries.Clear();
                    foreach (var (k, v) in saved)
                    {
                        _entries[k] = v;
                    }

                    return refusal;
                }

                if (operation is SetRequest s)
                {
                    Apply(s with { FirstWrite = false });
                }
                else if (operation is DeleteRequest d)
                {
                    _entries.Remove(d.Key);
                }
            }

            return StateRefusal.None;
        }
    }

    private StateRefusal Check(SetRequest request)
    {
        // parseETag: last-write, or no ETag, sends version 0.
        var version = 0;
        if (!request.LastWrite && !string.IsNullOrEmpty(request.ETag)
                               && !int.TryParse(request.ETag, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out version))
        {
            return StateRefusal.ETagInvalid;
        }

        if (request.TtlText is { Length: > 0 } ttl && !long.TryParse(ttl, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            return StateRefusal.Failed;
        }

        var current = Live(request.Key);
        var accepted = current is null || current.Version == version || (!current.FirstWrite && version == 0);
        if (accepted)
        {
            return StateRefusal.None;
        }

        // The store reports a refused script as a mismatch only when the request carried an ETag.
        return string.IsNullOrEmpty(request.ETag) ? StateRefusal.Failed : StateRefusal.ETagMismatch;
    }

    private void Apply(SetRequest request)
    {
        var current = Live(request.Key);
        DateTimeOffset? expiresAt = current?.ExpiresAt;
        if (request.TtlText is { Length: > 0 } text)
        {
            var seconds = long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            expiresAt = seconds > 0 ? Now + TimeSpan.FromSeconds(seconds) : null;
        }

        _entries[request.Key] = new Entry(request.Data, (current?.Version ?? 0) + 1, current?.FirstWrite == true || request.FirstWrite, expiresAt);
    }

    private StateRefusal CheckDelete(string key, string? etag)
    {
        if (string.IsNullOrEmpty(etag))
        {
            return StateRefusal.None;
        }

        var current = Live(key);
        return current is null || current.Version.ToString(CultureInfo.InvariantCulture) == etag ? StateRefusal.None : StateRefusal.ETagMismatch;
    }

    private Entry? Live(string key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (entry.ExpiresAt is { } at && at <= Now)
        {
            _entries.Remove(key);
            return null;
        }

        return entry;
    }

    public sealed record SetRequest(string Key, byte[] Data, string? ETag, bool FirstWrite, bool LastWrite, string? TtlText);

    public sealed record DeleteRequest(string Key, string? ETag);

    private sealed record Entry(byte[] Data, int Version, bool FirstWrite, DateTimeOffset? ExpiresAt);
}
