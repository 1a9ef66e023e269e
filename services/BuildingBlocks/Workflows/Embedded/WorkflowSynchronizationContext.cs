namespace DaprChannels.BuildingBlocks.Workflows.Embedded;

/// <summary>
/// Runs a workflow's continuations on the replaying thread, one at a time, when the runner pumps them: after each
/// history event is applied, the code runs until every branch waits again. That makes a replay deterministic
/// (no thread pool in between) and lets the runner know when the code has done all it can with the history so far.
/// </summary>
internal sealed class WorkflowSynchronizationContext : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_queue)
        {
            _queue.Enqueue((d, state));
        }
    }

    public override void Send(SendOrPostCallback d, object? state) => d(state);

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs queued continuations (and those they queue) until none are left.</summary>
    public void Pump()
    {
        while (true)
        {
            (SendOrPostCallback Callback, object? State) next;
            lock (_queue)
            {
                if (!_queue.TryDequeue(out next))
                {
                    return;
                }
            }

            next.Callback(next.State);
        }
    }
}
