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
/// <remarks>
/// One instance is one Redis database. A state store component reaches it through a keyspace
/// (<see cref="WithKeyPrefix"/>): daprd stores key <c>k</c> as <c>{prefix}||k</c>, where the prefix follows the
/// component's <c>keyPrefix</c> (<c>appid</c>: the calling app's id, <c>name</c>: the store's name, <c>none</c>: no
/// prefix), and hands keys back without it. Several sidecars (apps) can share one database, as they share Redis.
/// </remarks>
public sealed class RedisStateModel
{
    private readonly Database _db;
    private readonly Func<string> _prefix;

    public RedisStateModel()
        : this(new Database(), () => "")
    {
    }

    private RedisStateModel(Database db, Func<string> prefix)
    {
        _db = db;
        _prefix = prefix;
    }

    public DateTimeOffset Now => DateTimeOffset.UtcNow + _db.ClockOffset;

    /// <summary>
    /// The same database seen through a component's key prefix (evaluated on each call, so it may name an app id
    /// set later); <c>""</c> for the raw keys (<c>keyPrefix: none</c>).
    /// </summary>
    public RedisStateModel WithKeyPrefix(Func<string> prefix) => new(_db, () => prefix() is { Length: > 0 } p ? p + "||" : "");

    /// <summary>Every live key of the database as stored, prefixes included.</summary>
    public IReadOnlyList<string> StoredKeys
    {
        get
        {
            lock (_db.Lock)
            {
                return _db.Entries.Keys.Where(k => Live(k, raw: true) is not null).ToList();
            }
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_db.Lock)
        {
            _db.ClockOffset += by;
        }
    }

    public (byte[] Data, string ETag)? Get(string key)
    {
        lock (_db.Lock)
        {
            return Live(key) is { } e ? (e.Data, e.Version.ToString(CultureInfo.InvariantCulture)) : null;
        }
    }

    public bool IsFirstWriteGuarded(string key)
    {
        lock (_db.Lock)
        {
            return Live(key)?.FirstWrite == true;
        }
    }

    /// <summary>As another writer would: overwrites whatever is there (dropping any first-write flag); returns the new ETag.</summary>
    public string Overwrite(string key, byte[] data)
    {
        lock (_db.Lock)
        {
            var version = (Live(key)?.Version ?? 0) + 1;
            _db.Entries[Stored(key)] = new Entry(data, version, false, null);
            return version.ToString(CultureInfo.InvariantCulture);
        }
    }

    public StateRefusal Set(SetRequest request)
    {
        lock (_db.Lock)
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
        lock (_db.Lock)
        {
            var refusal = CheckDelete(key, etag);
            if (refusal == StateRefusal.None)
            {
                _db.Entries.Remove(Stored(key));
            }

            return refusal;
        }
    }

    /// <summary>Upserts (<see cref="SetRequest"/>) and deletes (<see cref="DeleteRequest"/>) together, or none of them.</summary>
    public StateRefusal Multi(IReadOnlyList<object> operations)
    {
        lock (_db.Lock)
        {
            // Checked against the state as each earlier operation leaves it, then applied: a copy stands in.
            var saved = new Dictionary<string, Entry>(_db.Entries, StringComparer.Ordinal);
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
                    _db.Entries.Clear();
                    foreach (var (k, v) in saved)
                    {
                        _db.Entries[k] = v;
                    }

                    return refusal;
                }

                if (operation is SetRequest s)
                {
                    Apply(s with { FirstWrite = false });
                }
                else if (operation is DeleteRequest d)
                {
                    _db.Entries.Remove(Stored(d.Key));
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

        _db.Entries[Stored(request.Key)] = new Entry(request.Data, (current?.Version ?? 0) + 1, current?.FirstWrite == true || request.FirstWrite, expiresAt);
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

    private Entry? Live(string key, bool raw = false)
    {
        var stored = raw ? key : Stored(key);
        if (!_db.Entries.TryGetValue(stored, out var entry))
        {
            return null;
        }

        if (entry.ExpiresAt is { } at && at <= Now)
        {
            _db.Entries.Remove(stored);
            return null;
        }

        return entry;
    }

    private string Stored(string key) => _prefix() + key;

    public sealed record SetRequest(string Key, byte[] Data, string? ETag, bool FirstWrite, bool LastWrite, string? TtlText);

    public sealed record DeleteRequest(string Key, string? ETag);

    private sealed record Entry(byte[] Data, int Version, bool FirstWrite, DateTimeOffset? ExpiresAt);

    private sealed class Database
    {
        public Dictionary<string, Entry> Entries { get; } = new(StringComparer.Ordinal);

        public Lock Lock { get; } = new();

        public TimeSpan ClockOffset { get; set; }
    }
}
