using DaprChannels.BuildingBlocks.Workflows.Embedded;
using Microsoft.Extensions.Hosting;

namespace DaprChannels.BuildingBlocks.Embedded;

/// <summary>
/// Sweeps expired state rows (already invisible to reads) and workflow instances finished longer ago than
/// <see cref="EmbeddedOptions.WorkflowRetention"/>, in small batches, so the writer is never held long.
/// </summary>
internal sealed class EmbeddedMaintenanceService(
    EmbeddedStateStore state,
    EmbeddedWorkflowStore workflows,
    EmbeddedOptions options,
    TimeProvider time,
    ILogger<EmbeddedMaintenanceService> logger) : BackgroundService
{
    internal static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    private const int SweepBatch = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SweepInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    int removed;
                    do
                    {
                        removed = await state.SweepExpiredAsync(SweepBatch, stoppingToken);
                    }
                    while (removed == SweepBatch && !stoppingToken.IsCancellationRequested);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Sweeping expired state failed; trying again later");
                }

                try
                {
                    await PurgeFinishedWorkflowsAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Purging finished workflow instances failed; trying again later");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task<int> PurgeFinishedWorkflowsAsync(CancellationToken cancellationToken)
    {
        var before = (time.GetUtcNow() - options.WorkflowRetention).ToUnixTimeMilliseconds();
        int removed, total = 0;
        do
        {
            removed = await workflows.PurgeFinishedAsync(before, SweepBatch, cancellationToken);
            total += removed;
        }
        while (removed == SweepBatch && !cancellationToken.IsCancellationRequested);

        return total;
    }
}
