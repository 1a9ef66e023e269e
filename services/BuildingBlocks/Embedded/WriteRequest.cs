namespace DaprChannels.BuildingBlocks.Embedded;

/// <summary>One caller's unit of work for the batching writer; its task completes only after the batch commits.</summary>
internal interface IWriteRequest
{
    /// <summary>Run inside a savepoint, so a failure undoes only this request's changes.</summary>
    bool Atomic { get; }

    /// <summary>True when the caller gave up before the batch reached it; the request is then not run.</summary>
    bool SkipIfCanceled();

    void Execute(WriteContext context);

    /// <summary>Publishes the outcome recorded by <see cref="Execute"/>; called after the commit.</summary>
    void Complete();

    void Fail(Exception exception);
}

internal sealed class WriteRequest<T>(Func<WriteContext, T> work, bool atomic, CancellationToken cancellationToken) : IWriteRequest
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;
    private Exception? _error;
    private bool _skipped;

    public Task<T> Task => _completion.Task;

    public bool Atomic => atomic;

    public bool SkipIfCanceled() => _skipped = cancellationToken.IsCancellationRequested;

    public void Execute(WriteContext context)
    {
        try
        {
            _result = work(context);
            _error = null;
        }
        catch (Exception ex)
        {
            _error = ex;
            throw;
        }
    }

    public void Complete()
    {
        if (_skipped)
        {
            _completion.TrySetCanceled(cancellationToken);
        }
        else if (_error is not null)
        {
            _completion.TrySetException(_error);
        }
        else
        {
            _completion.TrySetResult(_result!);
        }
    }

    public void Fail(Exception exception) => _completion.TrySetException(exception);
}
