using System.Diagnostics;
using Dapr.Client;
using Microsoft.Extensions.Hosting;

namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>
/// Waits in the background for the sidecar's <c>/v1.0/healthz/outbound</c>, then reads its metadata (gRPC
/// <c>GetMetadata</c>) once and logs what it runs with. It must not hold up start-up: daprd only turns fully
/// ready once the app listens on its port, so an app that waited before listening would deadlock (dapr/dapr#1933).
/// </summary>
public sealed class DaprSidecarStartup(DaprClient client, DaprCalls calls, ILogger<DaprSidecarStartup> logger) : BackgroundService
{
    internal static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly TaskCompletionSource<bool> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with true once the sidecar answered healthy, false when the wait timed out.</summary>
    public Task<bool> Ready => _ready.Task;

    /// <summary>The sidecar's metadata as read once it was ready; null before, or when it could not be read.</summary>
    public DaprMetadata? Metadata { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (Kestrel binds in its own StartAsync) before the first probe.
        await Task.Yield();
        var settings = calls.Settings;
        var stopwatch = Stopwatch.StartNew();
        try
        {
            while (!await ProbeAsync(stoppingToken))
            {
                if (stopwatch.Elapsed >= settings.SidecarWaitTimeout)
                {
                    logger.LogError("The Dapr sidecar at {Sidecar} was not ready after {Seconds:0} s; building-block calls will fail until it is",
                        settings.DisplayEndpoint, stopwatch.Elapsed.TotalSeconds);
                    _ready.TrySetResult(false);
                    return;
                }

                await Task.Delay(PollInterval, stoppingToken);
            }

            logger.LogInformation("Dapr sidecar at {Sidecar} ready after {Milliseconds} ms", settings.DisplayGrpcEndpoint, stopwatch.ElapsedMilliseconds);
            _ready.TrySetResult(true);
            await LogMetadataAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _ready.TrySetResult(false);
        }
    }

    private async Task<bool> ProbeAsync(CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            return await DaprHealth.IsOutboundHealthyAsync(client, timeout.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task LogMetadataAsync(CancellationToken stoppingToken)
    {
        try
        {
            var metadata = await calls.RunAsync(
                token => client.GetMetadataAsync(token),
                (error, ex) => new DaprSidecarException($"Reading the sidecar metadata failed: {error}.", error, ex),
                stoppingToken);
            Metadata = metadata;
            var components = metadata.Components is { Count: > 0 } list
                ? string.Join(", ", list.Select(c => $"{c.Name} ({c.Type}{(c.Capabilities is { Length: > 0 } caps ? ": " + string.Join("/", caps) : "")})"))
                : "none";
            logger.LogInformation("Dapr sidecar {RuntimeVersion} runs app id {AppId} with components {Components}",
                metadata.Extended.GetValueOrDefault("daprRuntimeVersion") ?? "unknown",
                string.IsNullOrEmpty(metadata.Id) ? calls.Settings.AppId : metadata.Id,
                components);
        }
        catch (DaprSidecarException ex)
        {
            logger.LogWarning("Could not read the Dapr sidecar metadata: {Reason}", ex.Message);
        }
    }
}
