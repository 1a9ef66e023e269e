using Dapr.Workflow;
using DaprChannels.BuildingBlocks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaprChannels.Services.Tests.Lifecycle;

/// <summary>
/// A workflow context for running one workflow's code in a test, as the Dapr SDK's own workflow tests do: each
/// activity is answered by a function the test gives (or fails as Dapr reports it), inputs and results pass through
/// JSON as they would through the engine, timers fire at once (moving the clock), external events are queued
/// beforehand, and every call, status and continue-as-new is recorded for the test to assert on.
/// </summary>
public sealed class FakeWorkflowContext(string instanceId = "op_test", DateTime? now = null) : WorkflowContext
{
    private readonly Dictionary<string, Func<JsonElement?, object?>> _activities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<object?>> _events = new(StringComparer.OrdinalIgnoreCase);
    private DateTime _now = now ?? new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    public List<(string Name, JsonElement? Input, WorkflowTaskOptions? Options)> Calls { get; } = [];

    public List<object?> Statuses { get; } = [];

    public List<DateTime> Timers { get; } = [];

    public List<string> AwaitedEvents { get; } = [];

    public object? ContinuedAsNewWith { get; private set; }

    public bool ContinuedAsNew { get; private set; }

    public IEnumerable<string> ActivityNames => Calls.Select(c => c.Name);

    public override string Name => "test";

    public override string InstanceId => instanceId;

    public override DateTime CurrentUtcDateTime => _now;

    public override bool IsReplaying => false;

    /// <summary>Answers the activity with <paramref name="answer"/>, given its input as the engine would pass it (JSON).</summary>
    public FakeWorkflowContext On(string activity, Func<JsonElement?, object?> answer)
    {
        _activities[activity] = answer;
        return this;
    }

    public FakeWorkflowContext On(string activity, object? result) => On(activity, _ => result);

    /// <summary>The activity fails every attempt, as it does once its retry policy is spent.</summary>
    public FakeWorkflowContext Failing(string activity) =>
        On(activity, _ => throw new WorkflowTaskFailedException($"Task '{activity}' failed", new WorkflowTaskFailureDetails("System.Net.Http.HttpRequestException", "unreachable", null)));

    public FakeWorkflowContext Raise(string eventName, object? payload)
    {
        if (!_events.TryGetValue(eventName, out var queue))
        {
            _events[eventName] = queue = new Queue<object?>();
        }

        queue.Enqueue(payload);
        return this;
    }

    public IReadOnlyList<string> Steps => Statuses.Select(s => JsonSerializer.SerializeToElement(s, EventJson.Options).GetProperty("step").GetString()!).ToList();

    public override Task<T> CallActivityAsync<T>(string name, object? input = null, WorkflowTaskOptions? options = null)
    {
        var json = input is null ? (JsonElement?)null : JsonSerializer.SerializeToElement(input, EventJson.Options);
        Calls.Add((name, json, options));
        if (!_activities.TryGetValue(name, out var answer))
        {
            throw new InvalidOperationException($"The test gave no answer for activity {name}.");
        }

        try
        {
            var result = answer(json);
            return Task.FromResult(result is null ? default! : JsonSerializer.SerializeToElement(result, EventJson.Options).Deserialize<T>(EventJson.Options)!);
        }
        catch (WorkflowTaskFailedException ex)
        {
            return Task.FromException<T>(ex);
        }
    }

    public override Task CallActivityAsync(string name, object? input = null, WorkflowTaskOptions? options = null) =>
        CallActivityAsync<object?>(name, input, options);

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        Timers.Add(fireAt);
        if (fireAt > _now)
        {
            _now = fireAt;
        }

        return Task.CompletedTask;
    }

    public override Task<T> WaitForExternalEventAsync<T>(string eventName, CancellationToken cancellationToken = default)
    {
        AwaitedEvents.Add(eventName);
        return _events.TryGetValue(eventName, out var queue) && queue.Count > 0
            ? Task.FromResult(JsonSerializer.SerializeToElement(queue.Dequeue(), EventJson.Options).Deserialize<T>(EventJson.Options)!)
            : throw new InvalidOperationException($"The test raised no {eventName} event and gave no timeout: the workflow would wait forever.");
    }

    public override Task<T> WaitForExternalEventAsync<T>(string eventName, TimeSpan timeout)
    {
        AwaitedEvents.Add(eventName);
        if (_events.TryGetValue(eventName, out var queue) && queue.Count > 0)
        {
            return Task.FromResult(JsonSerializer.SerializeToElement(queue.Dequeue(), EventJson.Options).Deserialize<T>(EventJson.Options)!);
        }

        // No event: the timeout fires, as Dapr reports it.
        _now += timeout;
        return Task.FromException<T>(new TaskCanceledException($"No {eventName} event within {timeout}."));
    }

    public override void SendEvent(string instanceId, string eventName, object payload) => throw new NotSupportedException();

    public override void SetCustomStatus(object? customStatus) => Statuses.Add(customStatus);

    public override Task<TResult> CallChildWorkflowAsync<TResult>(string workflowName, object? input = null, ChildWorkflowTaskOptions? options = null) =>
        throw new NotSupportedException();

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        ContinuedAsNew = true;
        ContinuedAsNewWith = newInput;
    }

    public override Guid NewGuid() => Guid.NewGuid();

    public override ILogger CreateReplaySafeLogger(string categoryName) => NullLogger.Instance;

    public override ILogger CreateReplaySafeLogger(Type type) => NullLogger.Instance;

    public override ILogger<T> CreateReplaySafeLogger<T>() => NullLogger<T>.Instance;

    public override bool IsPatched(string patchName) => true;

    public override PropagatedHistory? GetPropagatedHistory() => throw new NotSupportedException();
}
