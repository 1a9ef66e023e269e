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

        -- A subscription that takes events of some subjects only: subjects is '|a|b|' (empty: none). A subscription
        -- without a row here takes every event of its topic.
        CREATE TABLE IF NOT EXISTS subscription_filters (
            topic    TEXT NOT NULL,
            consumer TEXT NOT NULL,
            subjects TEXT NOT NULL,
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

        -- Workflows (the replay runner). An instance row, the history of its current execution (what every
        -- orchestration step replays), its inbox (events not yet applied by a step; timers are inbox rows
        -- that become visible when they fire) and its activities waiting to run or running.
        -- execution counts continue-as-new restarts and reuses of the id; rows of an older one are ignored.
        CREATE TABLE IF NOT EXISTS workflow_instances (
            instance_id     TEXT PRIMARY KEY NOT NULL,
            workflow_name   TEXT NOT NULL,
            status          TEXT NOT NULL,
            execution       INTEGER NOT NULL,
            history_length  INTEGER NOT NULL,
            input           TEXT NULL,
            output          TEXT NULL,
            custom_status   TEXT NULL,
            failure_type    TEXT NULL,
            failure_message TEXT NULL,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            completed_at    INTEGER NULL
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS workflow_instances_completed_at ON workflow_instances (completed_at) WHERE completed_at IS NOT NULL;

        CREATE TABLE IF NOT EXISTS workflow_history (
            instance_id TEXT NOT NULL,
            position    INTEGER NOT NULL,
            kind        TEXT NOT NULL,
            task_id     INTEGER NULL,
            name        TEXT NULL,
            data        TEXT NULL,
            time        INTEGER NOT NULL,
            PRIMARY KEY (instance_id, position)
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS workflow_inbox (
            id          INTEGER PRIMARY KEY,
            instance_id TEXT NOT NULL,
            execution   INTEGER NOT NULL,
            kind        TEXT NOT NULL,
            task_id     INTEGER NULL,
            name        TEXT NULL,
            data        TEXT NULL,
            visible_at  INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS workflow_inbox_instance ON workflow_inbox (instance_id, visible_at);
        CREATE INDEX IF NOT EXISTS workflow_inbox_visible_at ON workflow_inbox (visible_at);

        CREATE TABLE IF NOT EXISTS workflow_activities (
            id          INTEGER PRIMARY KEY,
            instance_id TEXT NOT NULL,
            execution   INTEGER NOT NULL,
            task_id     INTEGER NOT NULL,
            name        TEXT NOT NULL,
            input       TEXT NULL,
            created_at  INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS workflow_activities_instance ON workflow_activities (instance_id);
        """;
}
