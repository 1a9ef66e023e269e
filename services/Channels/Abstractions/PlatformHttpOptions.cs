namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// The resilience every platform API client shares, bound from <c>Channels:Http</c>: a timeout per
/// attempt and a circuit breaker per platform host. There is no retry here: the Dispatcher decides
/// when a send is tried again, so nothing is sent twice.
/// </summary>
public sealed class PlatformHttpOptions
{
    public const string SectionName = "Channels:Http";

    /// <summary>
    /// How long a platform host may take to answer (status and headers) before the attempt is abandoned
    /// and counted against that host's breaker. Below the per-platform <c>RequestTimeout</c> (30 s),
    /// which still bounds the whole call including the body.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The share of failed calls to one host, within <see cref="SamplingDuration"/>, that opens its breaker.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>How many calls to one host must have been made within <see cref="SamplingDuration"/> before its breaker may open.</summary>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>The window the failure ratio is measured over.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open breaker refuses calls to its host before one trial call is let through.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
