namespace DaprChannels.BuildingBlocks.Embedded;

/// <summary>
/// The tables of <c>daprchannels.db</c>. Times are Unix milliseconds (UTC). Every statement is idempotent,
/// so each process sharing the file may run them at start.
/// </summary>
internal static class EmbeddedSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS state (
            key        TEXT PRIMARY KEY NOT NULL,
            value      TEXT NOT NULL,
            version    INTEGER NOT NULL,
            expires_at INTEGER NULL
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS state_expires_at ON state (expires_at) WHERE expires_at IS NOT NULL;

        CREATE TABLE IF NOT EXISTS subscriptions (
            topic         TEXT NOT NULL,
            consumer      TEXT NOT NULL,
            registered_at INTEGER NOT NULL,
            last_seen_at  INTEGER NOT NULL,
            PRIMARY KEY (topic, consumer)
        ) WITHOUT ROWID;

        -- One row per (event, subscribing consumer). available_at is when the row may next be leased:
        -- its publish time, its retry time, or the end of its current lease (so a lapsed lease is simply due).
        CREATE TABLE IF NOT EXISTS messages (
            id           INTEGER PRIMARY KEY,
            consumer     TEXT NOT NULL,
            topic        TEXT NOT NULL,
            event_id     TEXT NOT NULL,
            type         TEXT NOT NULL,
            time         INTEGER NOT NULL,
            data         BLOB NOT NULL,
            traceparent  TEXT NULL,
            tracestate   TEXT NULL,
            attempts     INTEGER NOT NULL DEFAULT 0,
            available_at INTEGER NOT NULL,
            lease_owner  TEXT NULL,
            lease_until  INTEGER NULL
        );
        CREATE INDEX IF NOT EXISTS messages_due ON messages (consumer, topic, available_at);

        CREATE TABLE IF NOT EXISTS dead_letters (
            id          INTEGER PRIMARY KEY,
            topic       TEXT NOT NULL,
            consumer    TEXT NOT NULL,
            event_id    TEXT NOT NULL,
            type        TEXT NOT NULL,
            reason      TEXT NOT NULL,
            attempts    INTEGER NOT NULL,
            dead_at     INTEGER NOT NULL,
            time        INTEGER NOT NULL,
            data        BLOB NOT NULL,
            traceparent TEXT NULL,
            tracestate  TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS dead_letters_topic ON dead_letters (topic, id);
        """;
}
