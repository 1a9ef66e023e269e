using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapr.Workflow;
using Dapr.Workflow.Client;

namespace DaprChannels.BuildingBlocks.Workflows.Embedded;

/// <summary>
/// Dapr.Workflow's <see cref="WorkflowContext"/> over an instance's recorded history. Every call the code makes
/// takes the next sequence number; the runner feeds history in order, and each recorded action must match the
/// call of the same number (else the instance fails as non-deterministic), each recorded completion resumes the
/// call it answers, and calls the history does not know yet become the step's new actions.
/// </summary>
internal sealed class ReplayWorkflowContext(string name, string instanceId, long execution, ILoggerFactory loggerFactory) : WorkflowContext
{
    private readonly SortedDictionary<int, WorkflowAction> _unrecorded = [];
    private readonly Dictionary<int, TaskCompletionSource<WorkflowHistoryEvent>> _open = [];
    private readonly List<WorkflowHistoryEvent> _unclaimedEvents = [];
    private readonly Dictionary<string, Queue<TaskCompletionSource<WorkflowHistoryEvent>>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private int _sequence;
    private int _guidCounter;
    private DateTime _now;

    public override string Name => name;

    public override string InstanceId => instanceId;

    public override DateTime CurrentUtcDateTime => _now;

    public override bool IsReplaying => Replaying;

    internal bool Replaying { get; set; }

    /// <summary>Why the code no longer matches its history; the instance fails with this.</summary>
    internal string? NonDeterminism { get; private set; }

    internal object? CustomStatus { get; private set; }

    internal bool ContinuedAsNew { get; private set; }

    internal object? ContinueAsNewInput { get; private set; }

    internal bool PreserveUnprocessedEvents { get; private set; }

    /// <summary>Actions the code asked for that no history entry records yet: the step's work.</summary>
    internal IEnumerable<WorkflowAction> NewActions => _unrecorded.Values;

    /// <summary>External events received that no wait has taken.</summary>
    internal IReadOnlyList<WorkflowHistoryEvent> UnclaimedEvents => _unclaimedEvents;

    /// <summary>
    /// The embedded runner keeps no patch markers: every instance takes the patched path, which is right for
    /// instances started after the patch shipped and the caller's responsibility for older ones still running.
    /// </summary>
    public override bool IsPatched(string patchName) => true;

    public override async Task<T> CallActivityAsync<T>(string name, object? input = null, WorkflowTaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (options?.RetryPolicy is { } retryPolicy)
        {
            // Dapr's own interceptor, so attempts, backoff and the retry timeout behave as under daprd; its waits are our durable timers.
            var retry = new RetryInterceptor<T>(this, retryPolicy, () => CallActivityOnceAsync<T>(name, input), delay => CreateTimer(delay));
            return (await retry.Invoke())!;
        }

        return await CallActivityOnceAsync<T>(name, input);
    }

    private async Task<T> CallActivityOnceAsync<T>(string name, object? input)
    {
        var taskId = _sequence++;
        var completion = Open(new ScheduleActivityAction(taskId, name, WorkflowJson.Serialize(input)));
        var result = await completion.Task;
        if (result.Kind == WorkflowEventKind.ActivityFailed)
        {
            var failure = WorkflowJson.Deserialize<WorkflowFailure>(result.Data);
            var details = new WorkflowTaskFailureDetails(failure.ErrorType, failure.ErrorMessage);
            throw new WorkflowTaskFailedException($"Task failed: {details.ErrorMessage}", details);
        }

        return WorkflowJson.Deserialize<T>(result.Data);
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var taskId = _sequence++;
        var fireAtUtc = DateTime.SpecifyKind(fireAt.Kind == DateTimeKind.Local ? fireAt.ToUniversalTime() : fireAt, DateTimeKind.Utc);
        var completion = Open(new CreateTimerAction(taskId, new DateTimeOffset(fireAtUtc).ToUnixTimeMilliseconds()));
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (completion.TrySetCanceled(cancellationToken))
                {
                    _open.Remove(taskId);
                }
            });
        }

        return completion.Task;
    }

    public override Task<T> WaitForExternalEventAsync<T>(string eventName, TimeSpan timeout)
    {
        // As Dapr: a zero timeout gives up at once, a negative one waits for ever.
        if (timeout == TimeSpan.Zero)
        {
            return Task.FromException<T>(new TaskCanceledException($"WaitForExternalEvent '{eventName}' timed out immediately (zero timeout)."));
        }

        return timeout < TimeSpan.Zero ? WaitForExternalEventAsync<T>(eventName, CancellationToken.None) : WaitWithTimeoutAsync<T>(eventName, timeout);
    }

    // The base class cancels the loser with CancelAsync, whose continuation comes back on the thread pool, outside
    // the step's pump; cancelling synchronously keeps every continuation on the replaying thread.
    private async Task<T> WaitWithTimeoutAsync<T>(string eventName, TimeSpan timeout)
    {
        using var timerCancellation = new CancellationTokenSource();
        using var waitCancellation = new CancellationTokenSource();
        var timer = CreateTimer(CurrentUtcDateTime.Add(timeout), timerCancellation.Token);
        var received = WaitForExternalEventAsync<T>(eventName, waitCancellation.Token);
        if (await Task.WhenAny(timer, received) == received)
        {
            timerCancellation.Cancel();
        }
        else
        {
            waitCancellation.Cancel();
        }

        return await received;
    }

    public override async Task<T> WaitForExternalEventAsync<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var buffered = _unclaimedEvents.FindIndex(e => string.Equals(e.Name, eventName, StringComparison.OrdinalIgnoreCase));
        if (buffered >= 0)
        {
            var received = _unclaimedEvents[buffered];
            _unclaimedEvents.RemoveAt(buffered);
            return WorkflowJson.Deserialize<T>(received.Data);
        }

        var waiter = new TaskCompletionSource<WorkflowHistoryEvent>();
        if (!_waiters.TryGetValue(eventName, out var queue))
        {
            _waiters[eventName] = queue = new Queue<TaskCompletionSource<WorkflowHistoryEvent>>();
        }

        queue.Enqueue(waiter);
        if (cancellationToken.CanBeCanceled)
        {
            // TaskCanceledException, as Dapr's context throws when the wait's timer wins.
            cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
        }

        var raised = await waiter.Task;
        return WorkflowJson.Deserialize<T>(raised.Data);
    }

    public override void SendEvent(string instanceId, string eventName, object payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var taskId = _sequence++;
        _unrecorded.Add(taskId, new SendEventAction(taskId, instanceId, eventName, WorkflowJson.Serialize(payload)));
    }

    public override void SetCustomStatus(object? customStatus) => CustomStatus = customStatus;

    public override Task<TResult> CallChildWorkflowAsync<TResult>(string workflowName, object? input = null, ChildWorkflowTaskOptions? options = null) =>
        throw new NotSupportedException(
            $"The embedded workflow runner does not run child workflows (asked for '{workflowName}'). " +
            "Call the steps as activities, or start the other workflow from an activity through IWorkflowEngine.");

    public override ILogger CreateReplaySafeLogger(string categoryName) =>
        new ReplaySafeLogger(loggerFactory.CreateLogger(categoryName), () => Replaying);

    public override ILogger CreateReplaySafeLogger(Type type) =>
        new ReplaySafeLogger(loggerFactory.CreateLogger(type), () => Replaying);

    public override ILogger CreateReplaySafeLogger<T>() =>
        new ReplaySafeLogger(loggerFactory.CreateLogger<T>(), () => Replaying);

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        ContinuedAsNew = true;
        ContinueAsNewInput = newInput;
        PreserveUnprocessedEvents = preserveUnprocessedEvents;
    }

    /// <summary>A name-based (version 5 layout) GUID from the instance, its execution and a counter: the same on every replay.</summary>
    public override Guid NewGuid()
    {
        var seed = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{instanceId}\n{execution}\n{_guidCounter++}"));
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(seed, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    public override PropagatedHistory? GetPropagatedHistory() => null;

    /// <summary>Applies one history (or new) entry: moves the clock, matches a recorded action, or resumes a waiting call.</summary>
    internal void Apply(WorkflowHistoryEvent entry)
    {
        switch (entry.Kind)
        {
            case WorkflowEventKind.StepStarted:
                _now = DateTimeOffset.FromUnixTimeMilliseconds(entry.Time).UtcDateTime;
                break;
            case WorkflowEventKind.ActivityScheduled:
            case WorkflowEventKind.TimerCreated:
            case WorkflowEventKind.EventSent:
                MatchRecordedAction(entry);
                break;
            case WorkflowEventKind.ActivityCompleted:
            case WorkflowEventKind.ActivityFailed:
            case WorkflowEventKind.TimerFired:
                // A completion nobody waits for is a timer whose wait was cancelled (an event won the race).
                if (entry.TaskId is { } taskId && _open.Remove(taskId, out var completion))
                {
                    completion.TrySetResult(entry);
                }

                break;
            case WorkflowEventKind.EventRaised:
                Deliver(entry);
                break;
        }
    }

    private TaskCompletionSource<WorkflowHistoryEvent> Open(WorkflowAction action)
    {
        var completion = new TaskCompletionSource<WorkflowHistoryEvent>();
        _unrecorded.Add(action.TaskId, action);
        _open.Add(action.TaskId, completion);
        return completion;
    }

    private void MatchRecordedAction(WorkflowHistoryEvent recorded)
    {
        var taskId = recorded.TaskId ?? -1;
        var expected = Describe(recorded);
        if (!_unrecorded.Remove(taskId, out var action))
        {
            NonDeterminism = $"Non-deterministic workflow: its history has {expected} as step {taskId}, but the code no longer asks for it.";
            return;
        }

        var matches = (action, recorded.Kind) switch
        {
            (ScheduleActivityAction a, WorkflowEventKind.ActivityScheduled) => a.Name == recorded.Name,
            (CreateTimerAction, WorkflowEventKind.TimerCreated) => true,
            (SendEventAction s, WorkflowEventKind.EventSent) => s.EventName == recorded.Name && s.TargetInstanceId == recorded.Data,
            _ => false,
        };
        if (!matches)
        {
            NonDeterminism = $"Non-deterministic workflow: its history has {expected} as step {taskId}, but the code now asks for {action.Describe()}.";
        }
    }

    private static string Describe(WorkflowHistoryEvent recorded) => recorded.Kind switch
    {
        WorkflowEventKind.ActivityScheduled => $"activity '{recorded.Name}'",
        WorkflowEventKind.TimerCreated => "a timer",
        _ => $"event '{recorded.Name}' sent to '{recorded.Data}'",
    };

    private void Deliver(WorkflowHistoryEvent raised)
    {
        if (raised.Name is { } eventName && _waiters.TryGetValue(eventName, out var queue))
        {
            while (queue.TryDequeue(out var waiter))
            {
                // A waiter whose wait timed out is already cancelled; the event goes to the next one, or is kept.
                if (waiter.TrySetResult(raised))
                {
                    if (queue.Count == 0)
                    {
                        _waiters.Remove(eventName);
                    }

                    return;
                }
            }

            _waiters.Remove(eventName);
        }

        _unclaimedEvents.Add(raised);
    }
}
