using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace DaprChannels.Dispatcher.Sending;

/// <summary>
/// A token bucket per integration, sized from the platform's documented sending limit. It is per
/// replica: with N Dispatcher replicas the configured rate should be the platform's limit over N.
/// </summary>
public sealed class IntegrationRateLimiter(IOptions<DispatcherOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<string, RateLimiter?> _limiters = new();

    public async ValueTask<bool> WaitAsync(string integrationId, string platform, CancellationToken cancellationToken)
    {
        var limiter = _limiters.GetOrAdd(integrationId, _ => Create(platform));
        if (limiter is null)
        {
            return true;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.MaxRateLimitWait);
        try
        {
            using var lease = await limiter.AcquireAsync(1, timeout.Token);
            return lease.IsAcquired;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private RateLimiter? Create(string platform)
    {
        if (!options.Value.RateLimits.TryGetValue(platform, out var perSecond) || perSecond <= 0)
        {
            return null;
        }

        var tokens = Math.Max(1, (int)Math.Ceiling(perSecond));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokens,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter?.Dispose();
        }
    }
}
