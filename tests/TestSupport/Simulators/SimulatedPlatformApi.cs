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

    protected ScriptedFailures<TFailure> Failures { get; } = new();

    protected RecordedCalls<TCall> Recorded { get; } = new();

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Starts serving the routes <paramref name="mapRoutes"/> maps on a loopback port.</summary>
    protected async Task ListenAsync(Action<WebApplication> mapRoutes, CancellationToken cancellationToken) =>
        _host = await LoopbackHost.StartAsync(mapRoutes, cancellationToken);
}
