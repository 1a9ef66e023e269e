using Microsoft.Extensions.Hosting;

namespace DaprChannels.BuildingBlocks.Embedded;

/// <summary>
/// Runs one consumer loop per subscription registered in this process. A loop leases due rows (up to
/// <see cref="EmbeddedOptions.BatchSize"/> in flight), hands each to <see cref="Subscription.InvokeAsync"/>
/// concurrently and settles it through the batching writer: success deletes it, retry schedules it with
/// backoff, drop or the last attempt moves it to the dead letters and the dead-letter topic. A local
/// publish wakes the topic's loops at once; otherwise they poll (rows from other processes, retries coming due).
/// On stop, no new rows are leased and in-flight handlers finish; those cut off by the host's shutdown
/// timeout hand their rows back, and rows of a process that died come back when their lease lapses.
/// </summary>
internal sealed class EmbeddedQueueConsumers(
    EmbeddedDatabase database,
    EmbeddedEventBus bus,
    IServiceProvider services,
    EmbeddedOptions options,
    ILogger<EmbeddedQueueConsumers> logger) : IHostedService
{
    internal static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan AbandonAfterAbort = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopLeasing = new();
    private readonly CancellationTokenSource _abortHandlers = new();
    private readonly string _instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly List<Task> _loops = [];
    private long _leaseSequence;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var subscriptions = await bus.EnsureSubscriptionsRegisteredAsync(cancellationToken);
        foreach (var subscription in subscriptions)
        {
            var wake = new WakeSignal();
            bus.AddWakeSignal(subscription.Topic, wake);
            _loops.Add(Task.Run(() => RunAsync(subscription, wake), CancellationToken.None));
        }

        if (subscriptions.Count > 0)
        {
            logger.LogInformation("Embedded queue consumers started for {Count} subscriptions", subscriptions.Count);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopLeasing.CancelAsync();
        var all = Task.WhenAll(_loops);
        try
        {
            await all.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Shutdown timeout reached; cancelling in-flight event handlers");
            await _abortHandlers.CancelAsync();
            await Task.WhenAny(all, Task.Delay(AbandonAfterAbort, CancellationToken.None));
        }
    }

    private async Task RunAsync(EmbeddedSubscription subscription, WakeSignal wake)
    {
        var stopping = _stopLeasing.Token;
        var capacity = Math.Max(1, options.BatchSize);
        var freed = new WakeSignal();
        var inFlight = 0;
        var likelyDue = true;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                // Refill only once half the slots are free, so leases come in batches rather than one by one.
                if (Volatile.Read(ref inFlight) > capacity / 2)
                {
                    await freed.WaitAsync(PollInterval, stopping);
                    continue;
                }

                if (!likelyDue && !await AnyDueAsync(subscription, stopping))
                {
                    likelyDue = await wake.WaitAsync(PollInterval, stopping);
                    continue;
                }

                var room = capacity - Volatile.Read(ref inFlight);
                var owner = $"{_instance}:{Interlocked.Increment(ref _leaseSequence)}";
                var leased = await database.WriteAsync(
                    context => EmbeddedQueue.Lease(context, subscription, room, owner, options.LeaseDuration, options.MaxDeliveryAttempts),
                    atomic: true,
                    stopping);

                // A full lease suggests more are waiting; a short one that the queue is drained for now.
                likelyDue = leased.Count == room;
                foreach (var message in leased)
                {
                    Interlocked.Increment(ref inFlight);
                    _ = Task.Run(async () =>
                    {
                        try
                        {
                            await DeliverAsync(subscription, message);
                        }
                        finally
                        {
                            Interlocked.Decrement(ref inFlight);
                            freed.Set();
                        }
                    });
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Consumer {Consumer} of {Topic} could not lease events; retrying", subscription.Queue, subscription.Topic);
                likelyDue = false;
                try
                {
                    await Task.Delay(PollInterval * 5, stopping);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        while (Volatile.Read(ref inFlight) > 0)
        {
            await freed.WaitAsync(PollInterval, CancellationToken.None);
        }
    }

    private async Task<bool> AnyDueAsync(EmbeddedSubscription subscription, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM messages WHERE consumer = @consumer AND topic = @topic AND available_at <= @now)";
        command.Parameters.AddWithValue("@consumer", subscription.Queue);
        command.Parameters.AddWithValue("@topic", subscription.Topic);
        command.Parameters.AddWithValue("@now", database.Now);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    private async Task DeliverAsync(EmbeddedSubscription subscription, LeasedMessage message)
    {
        var abort = _abortHandlers.Token;
        var context = new EventContext(message.EventId, subscription.Topic, message.Attempt, message.TraceParent, message.TraceState);
        HandlerOutcome outcome;
        try
        {
            outcome = await subscription.Subscription.InvokeAsync(services, message.Data, context, abort);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            await SettleAsync(subscription, message, c => EmbeddedQueue.Release(c, message), atomic: false);
            return;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Delivering event {EventId} on {Topic} failed", message.EventId, subscription.Topic);
            outcome = HandlerResult.Retry;
        }

        switch (outcome.Result)
        {
            case HandlerResult.Success:
                await SettleAsync(subscription, message, c => EmbeddedQueue.Complete(c, message), atomic: false);
                break;
            case HandlerResult.Retry when message.Attempt < options.MaxDeliveryAttempts:
                var delay = EmbeddedQueue.RetryDelay(options, message.Attempt);
                await SettleAsync(subscription, message, c => EmbeddedQueue.Retry(c, message, delay), atomic: false);
                break;
            case HandlerResult.Retry:
                logger.LogWarning("Event {EventId} on {Topic} failed {Attempts} times; moving it to {DeadLetterTopic}",
                    message.EventId, subscription.Topic, message.Attempt, subscription.DeadLetterTopic);
                await SettleAsync(subscription, message, c => EmbeddedQueue.DeadLetter(
                    c, message.Id, message.LeaseOwner, subscription.DeadLetterTopic,
                    $"Gave up after {message.Attempt} delivery attempts" + (outcome.Reason is { } last ? $"; the last failed with {last}." : ".")), atomic: true);
                break;
            default:
                await SettleAsync(subscription, message, c => EmbeddedQueue.DeadLetter(
                    c, message.Id, message.LeaseOwner, subscription.DeadLetterTopic, outcome.Reason ?? "Dropped by the handler."), atomic: true);
                break;
        }
    }

    // A settle that cannot be written is not lost: the row's lease lapses and it is delivered again.
    // Completing, retrying and releasing are one statement each, which SQLite undoes by itself if it fails,
    // so only a dead letter (three statements) pays for a savepoint; acknowledgements are most of the writer's work.
    private async Task SettleAsync(EmbeddedSubscription subscription, LeasedMessage message, Action<WriteContext> settle, bool atomic)
    {
        try
        {
            await database.WriteAsync(
                context =>
                {
                    settle(context);
                    return true;
                },
                atomic);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not record the outcome of event {EventId} on {Topic}; it will be delivered again",
                message.EventId, subscription.Topic);
        }
    }
}
