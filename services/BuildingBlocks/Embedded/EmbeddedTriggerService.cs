using DaprChannels.BuildingBlocks.Triggers;
using Microsoft.Extensions.Hosting;

namespace DaprChannels.BuildingBlocks.Embedded;

/// <summary>
/// The embedded stand-in for Dapr cron bindings: every <see cref="TriggerRegistration"/> runs each
/// <see cref="TriggerRegistration.Interval"/> (first after one interval, as a schedule would), its
/// <see cref="ITrigger"/> resolved in a fresh scope. A failing run is logged; the next tick runs anyway.
/// Runs do not overlap: a run longer than the interval delays the next one.
/// </summary>
internal sealed class EmbeddedTriggerService(
    IEnumerable<TriggerRegistration> registrations,
    IServiceScopeFactory scopes,
    ILogger<EmbeddedTriggerService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(registrations
            .DistinctBy(r => r.Name)
            .Select(r => Task.Run(() => RunScheduleAsync(r, stoppingToken), CancellationToken.None)));

    private async Task RunScheduleAsync(TriggerRegistration registration, CancellationToken stoppingToken)
    {
        if (registration.Interval <= TimeSpan.Zero)
        {
            logger.LogWarning("Trigger {Trigger} has no positive interval and will not run", registration.Name);
            return;
        }

        using var timer = new PeriodicTimer(registration.Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunOnceAsync(registration, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunOnceAsync(TriggerRegistration registration, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var trigger = (ITrigger)scope.ServiceProvider.GetRequiredService(registration.TriggerType);
            await trigger.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Trigger {Trigger} failed; it runs again at the next interval", registration.Name);
        }
    }
}
