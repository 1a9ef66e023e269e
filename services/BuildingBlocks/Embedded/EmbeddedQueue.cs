namespace DaprChannels.BuildingBlocks.Embedded;

/// <summary>
/// The queue's statements, run inside the batching writer's transaction. A row is one event for one
/// consumer; it is leased by setting its owner and pushing <c>available_at</c> to the lease's end, so a
/// row whose consumer died becomes due again by itself.
/// </summary>
internal static class EmbeddedQueue
{
    private const string InsertFanOutSql = """
        INSERT INTO messages (consumer, topic, event_id, type, time, data, traceparent, tracestate, attempts, available_at)
        SELECT s.consumer, @topic, @event_id, @type, @time, @data, @traceparent, @tracestate, 0, @now
        FROM subscriptions s LEFT JOIN subscription_filters f ON f.topic = s.topic AND f.consumer = s.consumer
        WHERE s.topic = @topic AND (f.subjects IS NULL OR instr(f.subjects, @subject) > 0)
        """;

    private const string SelectDueSql = """
        SELECT id, event_id, data, traceparent, tracestate, attempts FROM messages
        WHERE consumer = @consumer AND topic = @topic AND available_at <= @now
        ORDER BY available_at LIMIT @limit
        """;

    private const string LeaseSql = """
        UPDATE messages SET lease_owner = @owner, lease_until = @until, available_at = @until, attempts = attempts + 1
        WHERE id = @id
        """;

    private const string CompleteSql = "DELETE FROM messages WHERE id = @id";

    private const string RetrySql = """
        UPDATE messages SET lease_owner = NULL, lease_until = NULL, available_at = @at
        WHERE id = @id AND lease_owner = @owner
        """;

    // A delivery cut short by shutdown does not count as an attempt.
    private const string ReleaseSql = """
        UPDATE messages SET lease_owner = NULL, lease_until = NULL, available_at = @now, attempts = max(attempts - 1, 0)
        WHERE id = @id AND lease_owner = @owner
        """;

    private const string RecordDeadLetterSql = """
        INSERT INTO dead_letters (topic, consumer, event_id, type, reason, attempts, dead_at, time, data, traceparent, tracestate)
        SELECT topic, consumer, event_id, type, @reason, attempts, @now, time, data, traceparent, tracestate
        FROM messages WHERE id = @id AND (@owner IS NULL OR lease_owner = @owner)
        """;

    private const string ForwardToDeadLetterTopicSql = """
        INSERT INTO messages (consumer, topic, event_id, type, time, data, traceparent, tracestate, attempts, available_at)
        SELECT s.consumer, @dead_letter_topic, m.event_id, m.type, m.time, m.data, m.traceparent, m.tracestate, 0, @now
        FROM messages m JOIN subscriptions s ON s.topic = @dead_letter_topic
        WHERE m.id = @id
        """;

    private const string UpsertSubscriptionSql = """
        INSERT INTO subscriptions (topic, consumer, registered_at, last_seen_at) VALUES (@topic, @consumer, @now, @now)
        ON CONFLICT (topic, consumer) DO UPDATE SET last_seen_at = excluded.last_seen_at
        """;

    private const string UpsertFilterSql = """
        INSERT INTO subscription_filters (topic, consumer, subjects) VALUES (@topic, @consumer, @subjects)
        ON CONFLICT (topic, consumer) DO UPDATE SET subjects = excluded.subjects
        """;

    private const string DeleteFilterSql = "DELETE FROM subscription_filters WHERE topic = @topic AND consumer = @consumer";

    /// <summary>Registers (or refreshes) a subscription and the subjects it takes, null meaning all.</summary>
    public static void RegisterSubscription(WriteContext context, string topic, string queue, IReadOnlySet<string>? subjects)
    {
        context.Execute(UpsertSubscriptionSql, ("@topic", topic), ("@consumer", queue), ("@now", context.Now));
        if (subjects is null)
        {
            context.Execute(DeleteFilterSql, ("@topic", topic), ("@consumer", queue));
        }
        else
        {
            var list = subjects.Count == 0 ? "" : "|" + string.Join('|', subjects.Order(StringComparer.Ordinal)) + "|";
            context.Execute(UpsertFilterSql, ("@topic", topic), ("@consumer", queue), ("@subjects", list));
        }
    }

    /// <summary>Stores <paramref name="envelope"/> once per subscription of its topic; none means nothing is stored.</summary>
    public static void Publish(WriteContext context, EventEnvelope envelope)
    {
        context.Execute(
            InsertFanOutSql,
            ("@topic", envelope.Topic),
            ("@event_id", envelope.Id),
            ("@type", envelope.Type),
            ("@time", envelope.Time.ToUnixTimeMilliseconds()),
            ("@data", envelope.Data),
            ("@traceparent", envelope.TraceParent),
            ("@tracestate", envelope.TraceState),
            ("@now", context.Now),
            // Bounded by '|' so that one subject never matches inside another; no subject matches no filter.
            ("@subject", envelope.Subject is { Length: > 0 } subject ? "|" + subject + "|" : null));
        context.Published(envelope.Topic);
    }

    /// <summary>
    /// Leases up to <paramref name="limit"/> due rows of one subscription. A due row already at the last
    /// attempt (its consumer died holding it) goes to the dead letters instead of out again.
    /// </summary>
    public static List<LeasedMessage> Lease(
        WriteContext context, EmbeddedSubscription subscription, int limit, string owner, TimeSpan leaseDuration, int maxAttempts)
    {
        var due = new List<(long Id, string EventId, byte[] Data, string? TraceParent, string? TraceState, int Attempts)>(limit);
        var select = context.Command(SelectDueSql);
        select.Parameters.AddWithValue("@consumer", subscription.Queue);
        select.Parameters.AddWithValue("@topic", subscription.Topic);
        select.Parameters.AddWithValue("@now", context.Now);
        select.Parameters.AddWithValue("@limit", limit);
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                due.Add((
                    reader.GetInt64(0),
                    reader.GetString(1),
                    (byte[])reader.GetValue(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.GetInt32(5)));
            }
        }

        var until = context.Now + (long)leaseDuration.TotalMilliseconds;
        var leased = new List<LeasedMessage>(due.Count);
        foreach (var row in due)
        {
            if (row.Attempts >= maxAttempts)
            {
                DeadLetter(context, row.Id, owner: null, subscription.DeadLetterTopic,
                    $"The consumer stopped during the last of {maxAttempts} delivery attempts.");
                continue;
            }

            context.Execute(LeaseSql, ("@owner", owner), ("@until", until), ("@id", row.Id));
            leased.Add(new LeasedMessage(row.Id, owner, row.EventId, row.Data, row.TraceParent, row.TraceState, row.Attempts + 1));
        }

        return leased;
    }

    public static void Complete(WriteContext context, LeasedMessage message) =>
        context.Execute(CompleteSql, ("@id", message.Id));

    public static void Retry(WriteContext context, LeasedMessage message, TimeSpan delay) =>
        context.Execute(
            RetrySql,
            ("@at", context.Now + (long)delay.TotalMilliseconds), ("@id", message.Id), ("@owner", message.LeaseOwner));

    public static void Release(WriteContext context, LeasedMessage message) =>
        context.Execute(ReleaseSql, ("@now", context.Now), ("@id", message.Id), ("@owner", message.LeaseOwner));

    /// <summary>
    /// Records the row in <c>dead_letters</c>, publishes it to <paramref name="deadLetterTopic"/> (when the
    /// subscription has one) and removes it, all in the caller's transaction. With an <paramref name="owner"/>,
    /// only while that lease still holds.
    /// </summary>
    public static bool DeadLetter(WriteContext context, long id, string? owner, string? deadLetterTopic, string reason)
    {
        var recorded = context.Execute(
            RecordDeadLetterSql, ("@reason", reason), ("@now", context.Now), ("@id", id), ("@owner", owner));
        if (recorded == 0)
        {
            return false;
        }

        if (deadLetterTopic is not null
            && context.Execute(ForwardToDeadLetterTopicSql, ("@dead_letter_topic", deadLetterTopic), ("@now", context.Now), ("@id", id)) > 0)
        {
            context.Published(deadLetterTopic);
        }

        context.Execute(CompleteSql, ("@id", id));
        return true;
    }

    /// <summary>Exponential backoff from <see cref="EmbeddedOptions.InitialRetryDelay"/>, with jitter, capped.</summary>
    public static TimeSpan RetryDelay(EmbeddedOptions options, int attempt)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ceiling = Math.Min(options.InitialRetryDelay.TotalMilliseconds * Math.Pow(2, exponent), options.MaxRetryDelay.TotalMilliseconds);

        // Half fixed, half random: spreads retries of events that failed together without collapsing the delay.
        var delay = ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2;
        return TimeSpan.FromMilliseconds(Math.Max(delay, 0));
    }
}
