using System.Collections.Concurrent;
using DaprChannels.BuildingBlocks.Embedded;
using Microsoft.Extensions.Hosting;

namespace DaprChannels.BuildingBlocks.Workflows.Embedded;

/// <summary>
/// Runs the workflows recorded in the SQLite file: orchestration steps for instances with inbox entries due (one
/// step per instance at a time), and their pending activities. A loop finds due work at start (which resumes every
/// instance a stopped or killed process left), whenever something is recorded here, when the next timer comes due
/// and every <see cref="PollInterval"/> besides. It runs only in a process that registers workflows or activities;
/// one such process per file is assumed (the activities of the file are this process's to run).
/// </summary>
internal sealed class EmbeddedWorkflowRunner(
    EmbeddedWorkflowStore store,
    WorkflowCatalog catalog,
    IServiceProvider services,
    TimeProvider time,
    ILoggerFactory loggerFactory) : IHostedService
{
    internal static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private const int MaxConcurrentActivities = 32;

    private readonly ILogger _logger = loggerFactory.CreateLogger<EmbeddedWorkflowRunner>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly WakeSignal _wake = new();
    private readonly object _stepLock = new();

    // Instance id → whether it was asked to step again while a step ran.
    private readonly Dictionary<string, bool> _stepping = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, Task> _activities = new();
    private readonly ConcurrentDictionary<Task, bool> _steps = new();
    private readonly SemaphoreSlim _activitySlots = new(MaxConcurrentActivities, MaxConcurrentActivities);
    private Task? _loop;

    public bool IsRunning => _loop is { IsCompleted: false };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (catalog.IsEmpty)
        {
            return;
        }

        await store.Database.EnsureStartedAsync(cancellationToken);
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        var running = new List<Task>(_steps.Keys.Concat(_activities.Values));
        if (_loop is not null)
        {
            running.Add(_loop);
        }

        try
        {
            // Cut-off activities stay recorded and run again at the next start.
            await Task.WhenAll(running).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Shutdown timeout reached with workflow activities still running; they will run again at the next start");
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Workflow work ended with an error while stopping");
        }
    }

    /// <summary>Asks for a step of <paramref name="instanceId"/>; if one is running, another follows it.</summary>
    public void ScheduleStep(string instanceId)
    {
        if (_stopping.IsCancellationRequested || catalog.IsEmpty)
        {
            return;
        }

        lock (_stepLock)
        {
            if (_stepping.ContainsKey(instanceId))
            {
                _stepping[instanceId] = true;
                return;
            }

            _stepping[instanceId] = false;
        }

        var step = Task.Run(() => StepUntilIdleAsync(instanceId));
        _steps.TryAdd(step, true);
        step.ContinueWith(t => _steps.TryRemove(t, out _), TaskScheduler.Default);
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            long? nextDueAt = null;
            try
            {
                var (due, next) = await store.FindDueAsync(stopping);
                nextDueAt = next;
                foreach (var instanceId in due)
                {
                    ScheduleStep(instanceId);
                }

                foreach (var work in await store.ListActivitiesAsync(stopping))
                {
                    StartActivity(work, stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Looking for due workflow work failed; trying again");
            }

            await WaitForWorkAsync(nextDueAt, stopping);
        }
    }

    /// <summary>
    /// Longest single wait for a timer: Task.Delay refuses more than about 49.7 days, and a token that
    /// expires in 60 days sets such a timer. The loop simply looks again after this.
    /// </summary>
    private static readonly TimeSpan MaxTimerWait = TimeSpan.FromDays(1);

    private async Task WaitForWorkAsync(long? nextDueAt, CancellationToken stopping)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var woken = _wake.WaitAsync(PollInterval, waiting.Token);
        var timerDue = nextDueAt is { } at
            ? Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(at - store.Database.Now, 0, MaxTimerWait.TotalMilliseconds)), time, waiting.Token)
            : Task.Delay(Timeout.Infinite, waiting.Token);
        await Task.WhenAny(woken, timerDue);
        await waiting.CancelAsync();
    }

    private async Task StepUntilIdleAsync(string instanceId)
    {
        while (true)
        {
            var progressed = false;
            try
            {
                progressed = await StepAsync(instanceId, _stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
            catch (WorkflowStepConflictException ex)
            {
                _logger.LogDebug(ex, "Workflow instance {InstanceId} changed during its step", instanceId);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "A step of workflow instance {InstanceId} failed; it is tried again later", instanceId);
            }

            lock (_stepLock)
            {
                var again = _stepping[instanceId];
                if (_stopping.IsCancellationRequested || (!again && !progressed))
                {
                    _stepping.Remove(instanceId);
                    return;
                }

                _stepping[instanceId] = false;
            }
        }
    }

    /// <summary>One orchestration step; false when the instance had nothing due.</summary>
    private async Task<bool> StepAsync(string instanceId, CancellationToken cancellationToken)
    {
        var input = await store.LoadStepAsync(instanceId, cancellationToken);
        if (input is null)
        {
            return false;
        }

        var instance = input.Instance;
        var newEntries = new List<WorkflowHistoryEvent>(input.Inbox.Count + 1)
        {
            new(WorkflowEventKind.StepStarted, store.Database.Now),
        };
        newEntries.AddRange(input.Inbox.Select(e => e.Event));

        WorkflowStepOutcome outcome;
        await using (var scope = services.CreateAsyncScope())
        {
            var workflow = catalog.CreateWorkflow(instance.WorkflowName, scope.ServiceProvider);
            if (workflow is null)
            {
                outcome = new WorkflowStepOutcome(
                    WorkflowStepResult.Failed, [], instance.CustomStatus,
                    Failure: new WorkflowFailure("WorkflowNotRegistered", $"No workflow named '{instance.WorkflowName}' is registered."));
            }
            else
            {
                var context = new ReplayWorkflowContext(instance.WorkflowName, instanceId, instance.Execution, loggerFactory);
                outcome = WorkflowReplay.Run(workflow, context, input.History, newEntries);
            }
        }

        await store.CommitStepAsync(input, newEntries, outcome, cancellationToken);
        if (outcome.Result == WorkflowStepResult.Failed)
        {
            _logger.LogWarning("Workflow instance {InstanceId} ({Workflow}) failed: {Reason}", instanceId, instance.WorkflowName, outcome.Failure?.ErrorMessage);
        }

        foreach (var send in outcome.Actions.OfType<SendEventAction>())
        {
            ScheduleStep(send.TargetInstanceId);
        }

        if (outcome.Actions.Any(a => a is ScheduleActivityAction or CreateTimerAction))
        {
            _wake.Set();
        }

        return true;
    }

    private void StartActivity(ActivityWork work, CancellationToken stopping)
    {
        if (stopping.IsCancellationRequested || _activities.ContainsKey(work.Id))
        {
            return;
        }

        var started = new TaskCompletionSource();
        var run = Task.Run(async () =>
        {
            await started.Task;
            try
            {
                await RunActivityAsync(work, stopping);
            }
            finally
            {
                _activities.TryRemove(work.Id, out _);
            }
        });
        if (_activities.TryAdd(work.Id, run))
        {
            started.SetResult();
        }
        else
        {
            started.SetCanceled();
        }
    }

    private async Task RunActivityAsync(ActivityWork work, CancellationToken stopping)
    {
        try
        {
            await _activitySlots.WaitAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            WorkflowEventKind kind;
            string? data;
            await using (var scope = services.CreateAsyncScope())
            {
                var activity = catalog.CreateActivity(work.Name, scope.ServiceProvider);
                if (activity is null)
                {
                    kind = WorkflowEventKind.ActivityFailed;
                    data = WorkflowJson.Serialize(new WorkflowFailure("ActivityNotRegistered", $"No workflow activity named '{work.Name}' is registered."));
                }
                else
                {
                    try
                    {
                        var context = new EmbeddedActivityContext(work.Name, work.InstanceId, work.Execution, work.TaskId, stopping);
                        var result = await activity.RunAsync(context, WorkflowJson.Deserialize(work.Input, activity.InputType));
                        kind = WorkflowEventKind.ActivityCompleted;
                        data = WorkflowJson.Serialize(result, activity.OutputType);
                    }
                    catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                    {
                        // Cut short by shutdown: not an outcome. The work stays recorded and runs again at the next start.
                        return;
                    }
                    catch (Exception ex)
                    {
                        kind = WorkflowEventKind.ActivityFailed;
                        data = WorkflowJson.Serialize(WorkflowReplay.Failure(ex));
                        _logger.LogWarning("Workflow activity {Activity} of instance {InstanceId} failed with {ErrorType}",
                            work.Name, work.InstanceId, ex.GetType().Name);
                    }
                }
            }

            if (await store.CompleteActivityAsync(work, kind, data, CancellationToken.None))
            {
                ScheduleStep(work.InstanceId);
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Recording the outcome of workflow activity {Activity} of instance {InstanceId} failed; it will run again",
                work.Name, work.InstanceId);
        }
        finally
        {
            _activitySlots.Release();
        }
    }
}
