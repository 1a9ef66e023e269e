using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// A timeout per attempt and a circuit breaker per platform host on a platform API client, with no
/// retry (the Dispatcher owns retries). The pipeline is chosen by the request's authority, so Graph
/// failing does not stop media downloads from another host through the same client, and one
/// 360dialog relay's outage does not stop another's.
/// </summary>
/// <remarks>
/// A refused call surfaces as <see cref="TimeoutRejectedException"/> (the attempt timed out) or
/// <see cref="BrokenCircuitException"/> (the host's breaker is open, nothing was sent); the API
/// clients turn both into timeout / network outcomes, which senders map to transient results.
/// </remarks>
public static class PlatformHttpResilience
{
    public const string PipelineName = "platform";

    /// <summary>Binds <see cref="PlatformHttpOptions"/> from <c>Channels:Http</c>, checked at start-up against what the pipeline accepts.</summary>
    public static IServiceCollection AddPlatformHttpOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlatformHttpOptions>()
            .Bind(configuration.GetSection(PlatformHttpOptions.SectionName))
            .Validate(o => o.Timeout >= TimeSpan.FromMilliseconds(10) && o.Timeout <= TimeSpan.FromHours(24), "Channels:Http:Timeout must be between 10 ms and 24 h.")
            .Validate(o => o.FailureRatio is > 0 and <= 1, "Channels:Http:FailureRatio must be above 0 and at most 1.")
            .Validate(o => o.MinimumThroughput >= 2, "Channels:Http:MinimumThroughput must be at least 2.")
            .Validate(o => o.SamplingDuration >= TimeSpan.FromMilliseconds(500), "Channels:Http:SamplingDuration must be at least 500 ms.")
            .Validate(o => o.BreakDuration >= TimeSpan.FromMilliseconds(500), "Channels:Http:BreakDuration must be at least 500 ms.")
            .ValidateOnStart();
        return services;
    }

    public static IHttpClientBuilder AddPlatformResilience(this IHttpClientBuilder builder)
    {
        builder.AddResilienceHandler(PipelineName, static (pipeline, context) =>
            {
                // Read once per host pipeline, not reloaded: a reload would rebuild the pipelines and
                // forget which hosts are failing.
                var options = context.GetOptions<PlatformHttpOptions>();

                // The breaker is outside the timeout, so an attempt that timed out counts against its host.
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = options.FailureRatio,
                    MinimumThroughput = options.MinimumThroughput,
                    SamplingDuration = options.SamplingDuration,
                    BreakDuration = options.BreakDuration,
                    ShouldHandle = static args => ValueTask.FromResult(CountsAgainstHost(args.Outcome)),
                });
                pipeline.AddTimeout(options.Timeout);
            })
            .SelectPipelineByAuthority();
        return builder;
    }

    /// <summary>
    /// Failures that say the host is unwell: no connection, no answer in time, 5xx or 408. A 429 is not
    /// one: platforms rate-limit per bot, page or number, and one tenant's flood must not stop the others.
    /// </summary>
    public static bool CountsAgainstHost(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout,
        _ => false,
    };
}
