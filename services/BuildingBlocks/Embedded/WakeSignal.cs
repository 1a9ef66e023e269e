namespace DaprChannels.BuildingBlocks.Embedded;

/// <summary>An auto-reset signal a consumer awaits with a timeout: set by a local commit, reset by the waiter.</summary>
internal sealed class WakeSignal
{
    private TaskCompletionSource _signal = NewSignal();

    public void Set() => Volatile.Read(ref _signal).TrySetResult();

    /// <summary>True when set (and now reset), false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var signal = Volatile.Read(ref _signal);
        if (!signal.Task.IsCompleted)
        {
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            var delay = Task.Delay(Timeout.Infinite, timeoutSource.Token);
            await Task.WhenAny(signal.Task, delay);
            cancellationToken.ThrowIfCancellationRequested();
            if (!signal.Task.IsCompleted)
            {
                return false;
            }
        }

        Interlocked.CompareExchange(ref _signal, NewSignal(), signal);
        return true;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
