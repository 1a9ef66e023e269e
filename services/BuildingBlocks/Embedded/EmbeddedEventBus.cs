using System.Collections.Concurrent;
using System.Diagnostics;
using DaprChannels.BuildingBlocks.State;
using Microsoft.Data.Sqlite;

namespace DaprChannels.BuildingBlocks.Embedded;

/// <summary>
/// Pub/sub on the SQLite file: a durable queue per subscription (consumer + topic). Publishing stores
/// the event once per subscription of its topic in the writer's group commit and returns after the commit;
/// a topic nobody subscribes to stores nothing. Subscriptions live in the file, so a publisher in any
/// process sharing it fans out to consumers in all of them.
/// <para>
/// Delivery is at-least-once and unordered: a handler may see an event again after a crash, a lapsed
/// lease or a retry, and events of one topic may be handled concurrently and out of publish order.
/// Handlers must be idempotent (dedupe on <see cref="EventContext.EventId"/>).
/// </para>
/// </summary>
public sealed class EmbeddedEventBus : IEventPublisher, ITransactionalPublisher, IDeadLetterReader
{
    private readonly EmbeddedDatabase _database;
    private readonly IServiceProvider _services;
    private readonly string? _appId;
    private readonly ConcurrentDictionary<string, WakeSignal[]> _wakeSignals = new(StringComparer.Ordinal);
    private readonly object _registrationLock = new();
    private Task<IReadOnlyList<EmbeddedSubscription>>? _registration;

    internal EmbeddedEventBus(EmbeddedDatabase database, IServiceProvider services, string? appId)
    {
        _database = database;
        _services = services;
        _appId = appId;
        _database.TopicsCommitted += Wake;
    }

    public async Task PublishAsync<TEvent>(string topic, TEvent @event, CancellationToken cancellationToken = default)
        where TEvent : IIntegrationEvent
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(@event);
        using var activity = StartPublishActivity(topic);
        await PublishAsync([EventEnvelope.Create(topic, @event)], cancellationToken);
    }

    public async Task PublishManyAsync<TEvent>(string topic, IReadOnlyList<TEvent> events, CancellationToken cancellationToken = default)
        where TEvent : IIntegrationEvent
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        using var activity = StartPublishActivity(topic);
        await PublishAsync(events.Select(e => EventEnvelope.Create(topic, e)).ToList(), cancellationToken);
    }

    public async Task PublishWithStateAsync<TEvent>(string topic, TEvent @event, IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default)
        where TEvent : IIntegrationEvent
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(@event);
        ArgumentNullException.ThrowIfNull(operations);
        using var activity = StartPublishActivity(topic);
        var envelope = EventEnvelope.Create(topic, @event);
        await WriteEventsAsync(
            [envelope],
            context =>
            {
                foreach (var operation in operations)
                {
                    EmbeddedStateStore.Apply(context, operation);
                }
            },
            cancellationToken);
    }

    /// <summary>Publishes envelopes as they are (each to its own <see cref="EventEnvelope.Topic"/>), all or none.</summary>
    public Task PublishAsync(IReadOnlyList<EventEnvelope> envelopes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(envelopes);
        return WriteEventsAsync(envelopes, alsoWrite: null, cancellationToken);
    }

    private async Task WriteEventsAsync(IReadOnlyList<EventEnvelope> envelopes, Action<WriteContext>? alsoWrite, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureSubscriptionsRegisteredAsync(cancellationToken);
            await _database.WriteAsync(
                context =>
                {
                    alsoWrite?.Invoke(context);
                    foreach (var envelope in envelopes)
                    {
                        EmbeddedQueue.Publish(context, envelope);
                    }

                    return true;
                },
                atomic: envelopes.Count > 1 || alsoWrite is not null,
                cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException or IOException or ObjectDisposedException)
        {
            throw new PublishFailedException($"Could not store events for '{envelopes.FirstOrDefault()?.Topic}' in the embedded queue.", ex);
        }
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(int skip = 0, int take = 50, string? topic = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        await using var connection = await _database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT id, topic, consumer, event_id, type, reason, attempts, dead_at, time, data, traceparent, tracestate
            FROM dead_letters {(topic is null ? "" : "WHERE topic = @topic")}
            ORDER BY id DESC LIMIT @take OFFSET @skip
            """;
        command.Parameters.AddWithValue("@take", take);
        command.Parameters.AddWithValue("@skip", skip);
        if (topic is not null)
        {
            command.Parameters.AddWithValue("@topic", topic);
        }

        var result = new List<DeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new DeadLetter(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetInt32(6),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                (byte[])reader.GetValue(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11)));
        }

        return result;
    }

    public async Task<long> CountAsync(string? topic = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = topic is null ? "SELECT count(*) FROM dead_letters" : "SELECT count(*) FROM dead_letters WHERE topic = @topic";
        if (topic is not null)
        {
            command.Parameters.AddWithValue("@topic", topic);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every subscription registered in the file (by any process), with the events it has yet to finish.</summary>
    public async Task<IReadOnlyList<QueueDepth>> GetQueueDepthsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT s.topic, s.consumer, (SELECT count(*) FROM messages m WHERE m.consumer = s.consumer AND m.topic = s.topic)
            FROM subscriptions s ORDER BY s.topic, s.consumer
            """;
        var result = new List<QueueDepth>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new QueueDepth(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return result;
    }

    /// <summary>
    /// Writes this process's subscriptions into the file, once. Runs on the first publish as well as when
    /// the consumers start, so an event published before they start is already kept for them.
    /// </summary>
    internal Task<IReadOnlyList<EmbeddedSubscription>> EnsureSubscriptionsRegisteredAsync(CancellationToken cancellationToken)
    {
        var registration = Volatile.Read(ref _registration);
        if (registration is { IsCompletedSuccessfully: true })
        {
            return registration;
        }

        lock (_registrationLock)
        {
            if (_registration is null || _registration.IsFaulted || _registration.IsCanceled)
            {
                _registration = RegisterSubscriptionsAsync();
            }

            return _registration.WaitAsync(cancellationToken);
        }
    }

    internal void AddWakeSignal(string topic, WakeSignal signal) =>
        _wakeSignals.AddOrUpdate(topic, [signal], (_, existing) => [.. existing, signal]);

    private async Task<IReadOnlyList<EmbeddedSubscription>> RegisterSubscriptionsAsync()
    {
        var subscriptions = EmbeddedSubscription.From(_services.GetServices<Subscription>(), _appId);
        if (subscriptions.Count > 0)
        {
            await _database.WriteAsync(
                context =>
                {
                    foreach (var subscription in subscriptions)
                    {
                        EmbeddedQueue.RegisterSubscription(context, subscription.Topic, subscription.Queue, subscription.Subscription.Subjects);
                    }

                    return true;
                },
                atomic: true);
        }

        return subscriptions;
    }

    private void Wake(IReadOnlyCollection<string> topics)
    {
        foreach (var topic in topics)
        {
            if (_wakeSignals.TryGetValue(topic, out var signals))
            {
                foreach (var signal in signals)
                {
                    signal.Set();
                }
            }
        }
    }

    private static Activity? StartPublishActivity(string topic)
    {
        var activity = PubSubTelemetry.Source.StartActivity($"{topic} publish", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "sqlite");
        activity?.SetTag("messaging.destination.name", topic);
        return activity;
    }
}
