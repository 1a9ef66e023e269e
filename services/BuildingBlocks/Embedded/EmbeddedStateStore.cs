using System.Globalization;
using System.Text;
using DaprChannels.BuildingBlocks.State;
using Microsoft.Data.Sqlite;

namespace DaprChannels.BuildingBlocks.Embedded;

/// <summary>
/// <see cref="IStateStore"/> on the SQLite file. The ETag is the row's version, raised by every write; an
/// expired row (past <c>expires_at</c>) reads as absent until the sweeper removes it. First-write claims
/// are single statements, so they stay exact when several processes share the file.
/// </summary>
public sealed class EmbeddedStateStore : IStateStore
{
    private const int MaxKeysPerQuery = 500;

    private const string NotExpired = "(expires_at IS NULL OR expires_at > @now)";

    private const string UpsertSql = """
        INSERT INTO state (key, value, version, expires_at) VALUES (@key, @value, 1, @expires)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = state.version + 1, expires_at = excluded.expires_at
        """;

    private const string UpdateIfVersionSql = $"""
        UPDATE state SET value = @value, version = version + 1, expires_at = @expires
        WHERE key = @key AND version = @version AND {NotExpired}
        """;

    private const string ClaimSql = """
        INSERT INTO state (key, value, version, expires_at) VALUES (@key, @value, 1, @expires)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = state.version + 1, expires_at = excluded.expires_at
        WHERE state.expires_at IS NOT NULL AND state.expires_at <= @now
        """;

    private const string DeleteSql = "DELETE FROM state WHERE key = @key";

    private const string DeleteIfVersionSql = $"DELETE FROM state WHERE key = @key AND version = @version AND {NotExpired}";

    private readonly EmbeddedDatabase _database;

    internal EmbeddedStateStore(EmbeddedDatabase database) => _database = database;

    public async Task<StateItem<T>?> GetAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var items = await GetManyAsync<T>([key], cancellationToken);
        return items.Count == 0 ? null : items[0];
    }

    public async Task<IReadOnlyList<StateItem<T>>> GetManyAsync<T>(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return [];
        }

        try
        {
            await using var connection = await _database.OpenReaderAsync(cancellationToken);
            var found = new Dictionary<string, StateItem<T>>(StringComparer.Ordinal);
            foreach (var chunk in keys.Distinct(StringComparer.Ordinal).Chunk(MaxKeysPerQuery))
            {
                await using var command = connection.CreateCommand();
                var sql = new StringBuilder($"SELECT key, value, version FROM state WHERE {NotExpired} AND key IN (");
                for (var i = 0; i < chunk.Length; i++)
                {
                    sql.Append(i == 0 ? "@k" : ", @k").Append(i);
                    command.Parameters.AddWithValue("@k" + i, chunk[i]);
                }

                command.CommandText = sql.Append(')').ToString();
                command.Parameters.AddWithValue("@now", _database.Now);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var key = reader.GetString(0);
                    var value = JsonSerializer.Deserialize<T>(reader.GetString(1), EventJson.Options)!;
                    found[key] = new StateItem<T>(key, value, FormatETag(reader.GetInt64(2)));
                }
            }

            // Keep the caller's order.
            return keys.Where(found.ContainsKey).Distinct(StringComparer.Ordinal).Select(k => found[k]).ToList();
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException or IOException)
        {
            throw new StateStoreException("Reading state from the embedded store failed.", ex);
        }
    }

    public Task SaveAsync<T>(string key, T value, StateWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var json = JsonSerializer.Serialize(value, EventJson.Options);
        var ttl = options?.Ttl;
        var etag = options?.ETag;
        return WriteAsync(context => Upsert(context, key, json, etag, ttl), atomic: false, cancellationToken);
    }

    public Task<bool> TryClaimAsync<T>(string key, T value, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var json = JsonSerializer.Serialize(value, EventJson.Options);
        return WriteAsync(
            context => context.Execute(
                ClaimSql,
                ("@key", key), ("@value", json), ("@expires", ExpiresAt(context, ttl)), ("@now", context.Now)) == 1,
            atomic: false,
            cancellationToken);
    }

    public Task DeleteAsync(string key, string? etag = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return WriteAsync(context => Delete(context, key, etag), atomic: false, cancellationToken);
    }

    public Task TransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (operations.Count == 0)
        {
            return Task.CompletedTask;
        }

        var prepared = operations
            .Select(o => (Operation: o, Json: o.Value is { } element ? element.GetRawText() : null))
            .ToList();
        foreach (var (operation, json) in prepared)
        {
            ArgumentException.ThrowIfNullOrEmpty(operation.Key);
            if (operation.Kind == StateOperationKind.Upsert && json is null)
            {
                throw new ArgumentException($"The upsert of '{operation.Key}' has no value.", nameof(operations));
            }
        }

        return WriteAsync(
            context =>
            {
                foreach (var (operation, json) in prepared)
                {
                    if (operation.Kind == StateOperationKind.Upsert)
                    {
                        Upsert(context, operation.Key, json!, operation.ETag, operation.Ttl);
                    }
                    else
                    {
                        Delete(context, operation.Key, operation.ETag);
                    }
                }

                return true;
            },
            atomic: true,
            cancellationToken);
    }

    /// <summary>Removes up to <paramref name="limit"/> expired keys; returns how many went.</summary>
    internal Task<int> SweepExpiredAsync(int limit, CancellationToken cancellationToken) =>
        _database.WriteAsync(
            context => context.Execute(
                "DELETE FROM state WHERE key IN (SELECT key FROM state WHERE expires_at IS NOT NULL AND expires_at <= @now LIMIT @limit)",
                ("@now", context.Now), ("@limit", limit)),
            atomic: false,
            cancellationToken);

    /// <summary>Applies one operation inside a write batch; an ETag mismatch throws <see cref="StateConcurrencyException"/>.</summary>
    internal static void Apply(WriteContext context, StateOperation operation)
    {
        if (operation.Kind == StateOperationKind.Upsert)
        {
            Upsert(context, operation.Key, operation.Value?.GetRawText() ?? throw new ArgumentException($"The upsert of '{operation.Key}' has no value."),
                operation.ETag, operation.Ttl);
        }
        else
        {
            Delete(context, operation.Key, operation.ETag);
        }
    }

    private static bool Upsert(WriteContext context, string key, string json, string? etag, TimeSpan? ttl)
    {
        var expires = ExpiresAt(context, ttl);
        if (string.IsNullOrEmpty(etag))
        {
            context.Execute(UpsertSql, ("@key", key), ("@value", json), ("@expires", expires));
            return true;
        }

        var changed = context.Execute(
            UpdateIfVersionSql,
            ("@key", key), ("@value", json), ("@expires", expires), ("@version", ParseETag(key, etag)), ("@now", context.Now));
        return changed == 1 ? true : throw new StateConcurrencyException(key);
    }

    private static bool Delete(WriteContext context, string key, string? etag)
    {
        if (string.IsNullOrEmpty(etag))
        {
            context.Execute(DeleteSql, ("@key", key));
            return true;
        }

        var changed = context.Execute(DeleteIfVersionSql, ("@key", key), ("@version", ParseETag(key, etag)), ("@now", context.Now));
        return changed == 1 ? true : throw new StateConcurrencyException(key);
    }

    private static object? ExpiresAt(WriteContext context, TimeSpan? ttl) =>
        ttl is { } t && t > TimeSpan.Zero ? context.Now + (long)Math.Ceiling(t.TotalMilliseconds) : null;

    private static string FormatETag(long version) => version.ToString(CultureInfo.InvariantCulture);

    // An ETag this store never issued cannot match any row.
    private static long ParseETag(string key, string etag) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new StateConcurrencyException(key);

    private async Task<TResult> WriteAsync<TResult>(Func<WriteContext, TResult> work, bool atomic, CancellationToken cancellationToken)
    {
        try
        {
            return await _database.WriteAsync(work, atomic, cancellationToken);
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException or IOException or ObjectDisposedException)
        {
            throw new StateStoreException("Writing state to the embedded store failed.", ex);
        }
    }
}
