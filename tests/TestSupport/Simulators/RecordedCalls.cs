namespace DaprChannels.TestSupport.Simulators;

/// <summary>What a simulator received, in order, with a way to wait for the calls a test expects.</summary>
public sealed class RecordedCalls<TCall>
{
    private readonly List<TCall> _calls = [];
    private readonly object _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<TCall> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public void Add(TCall call)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _calls.Add(call);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Waits until at least <paramref name="count"/> calls match; a <see cref="TimeoutException"/> names <paramref name="what"/>.</summary>
    public async Task<IReadOnlyList<TCall>> WaitForAsync(Func<TCall, bool> match, int count, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var matching = _calls.Where(match).ToList();
                if (matching.Count >= count)
                {
                    return matching;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} {what}; saw {All.Count(match)}.");
            }
        }
    }
}

/// <summary>Failures a test scripted for the next calls of an operation, handed out in order.</summary>
public sealed class ScriptedFailures<TFailure>
    where TFailure : class
{
    private readonly Dictionary<string, Queue<TFailure?>> _queues = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The next <paramref name="count"/> calls of <paramref name="operation"/> get <paramref name="failure"/> (null: succeed).</summary>
    public void Script(string operation, int count, TFailure? failure)
    {
        lock (_queues)
        {
            if (!_queues.TryGetValue(operation, out var queue))
            {
                _queues[operation] = queue = new Queue<TFailure?>();
            }

            for (var i = 0; i < count; i++)
            {
                queue.Enqueue(failure);
            }
        }
    }

    /// <summary>The failure scripted for this call of <paramref name="operation"/>, or null.</summary>
    public TFailure? Next(string operation)
    {
        lock (_queues)
        {
            return _queues.TryGetValue(operation, out var queue) && queue.Count > 0 ? queue.Dequeue() : null;
        }
    }
}
