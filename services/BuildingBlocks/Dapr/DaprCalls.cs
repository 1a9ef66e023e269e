using Grpc.Core;

namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>
/// Runs one sidecar call under <see cref="DaprSidecarSettings.CallTimeout"/> and turns a gRPC failure into the
/// port's exception. gRPC calls have no deadline of their own; a sidecar that hangs must surface as a failure,
/// not as a request that never ends. The caller giving up stays an <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class DaprCalls(DaprSidecarSettings settings)
{
    public DaprSidecarSettings Settings => settings;

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, Func<DaprCallError, Exception, Exception> failure, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.CallTimeout);
        try
        {
            return await call(deadline.Token);
        }
        catch (Exception ex) when (DaprCallError.From(ex) is { } error)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Our own deadline cancels the call locally, which gRPC reports as Cancelled.
            throw failure(error.StatusCode == StatusCode.Cancelled && deadline.IsCancellationRequested ? error with { StatusCode = StatusCode.DeadlineExceeded } : error, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw failure(new DaprCallError(StatusCode.DeadlineExceeded, null), ex);
        }
    }

    public Task RunAsync(Func<CancellationToken, Task> call, Func<DaprCallError, Exception, Exception> failure, CancellationToken cancellationToken) =>
        RunAsync(async token =>
        {
            await call(token);
            return true;
        }, failure, cancellationToken);
}
