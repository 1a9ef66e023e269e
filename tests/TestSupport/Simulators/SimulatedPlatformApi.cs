namespace DaprChannels.TestSupport.Simulators;

/// <summary>
/// What every simulated platform API has: a loopback host serving the platform's documented routes,
/// failures scripted per operation, and a record of every call it answered.
/// </summary>
/// <typeparam name="TCall">One recorded call, in the terms the platform's tests check.</typeparam>
/// <typeparam name="TFailure">An answer the platform gives instead of success.</typeparam>
public abstract class SimulatedPlatformApi<TCall, TFailure> : IAsyncDisposable
    where TFailure : class
{
    private LoopbackHost? _host;

    /// <summary>Where to point the adapter's <c>BaseUrl</c> setting, e.g. http://127.0.0.1:54321.</summary>
    public Uri BaseUrl => (_host ?? throw new InvalidOperationException("The simulator is not listening yet.")).BaseUrl;

    public IReadOnlyList<TCall> Calls => Recorded.All;

    /// <summary>The messages the platform received, without the other calls (reads, signals, webhook settings).</summary>
    public IReadOnlyList<TCall> Sends => Calls.Where(IsSend).ToList();

    protected ScriptedFailures<TFailure> Failures { get; } = new();

    protected RecordedCalls<TCall> Recorded { get; } = new();

    /// <summary>The next <paramref name="count"/> calls of <paramref name="operation"/> get <paramref name="failure"/>.</summary>
    public void FailNext(string operation, int count, TFailure failure) => Failures.Script(operation, count, failure);

    /// <summary>The next <paramref name="count"/> calls succeed, so a failure scripted after them hits a later call.</summary>
    public void SucceedNext(string operation, int count) => Failures.Script(operation, count, null);

    /// <summary>Waits until at least <paramref name="count"/> sends were received.</summary>
    public Task<IReadOnlyList<TCall>> WaitForSendsAsync(int count, TimeSpan? timeout = null) =>
        Recorded.WaitForAsync(IsSend, count, timeout ?? TimeSpan.FromSeconds(10), "sends");

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Whether <paramref name="call"/> delivered a message to a user.</summary>
    protected abstract bool IsSend(TCall call);

    /// <summary>Starts serving the routes <paramref name="mapRoutes"/> maps on a loopback port.</summary>
    protected async Task ListenAsync(Action<WebApplication> mapRoutes, CancellationToken cancellationToken) =>
        _host = await LoopbackHost.StartAsync(mapRoutes, cancellationToken);
}
