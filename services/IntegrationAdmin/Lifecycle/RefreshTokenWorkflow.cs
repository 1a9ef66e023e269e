using System.Globalization;
using Dapr.Workflow;

namespace DaprChannels.IntegrationAdmin.Lifecycle;

/// <summary>
/// Keeps one integration's expiring token fresh, replacing an hourly sweep over every integration. The
/// long-running instance (<see cref="TokenRefresh.InstanceId"/>) sleeps on a durable timer until the token's
/// expiry minus the horizon, refreshes and saves, and continues as new, so its history stays one generation long.
/// It ends when there is nothing left to refresh: the integration deleted, disconnected, not active, its token
/// refused (needing re-authorization) or never expiring. A refresh the tenant asks for runs once as an operation.
/// </summary>
public sealed class RefreshTokenWorkflow : Workflow<RefreshTokenInput, LifecycleOutcome>
{
    public override async Task<LifecycleOutcome> RunAsync(WorkflowContext context, RefreshTokenInput input)
    {
        return input.OperationId is null ? await KeepFreshAsync(context, input) : await RefreshOnceAsync(context, input);
    }

    private static async Task<LifecycleOutcome> KeepFreshAsync(WorkflowContext context, RefreshTokenInput input)
    {
        context.EnterStep(LifecycleSteps.WaitForRefresh);
        var schedule = await context.CallActivityAsync<TokenSchedule>(nameof(ReadTokenScheduleActivity), input.IntegrationId, LifecycleRetry.State);
        if (!schedule.Refreshable)
        {
            return new LifecycleOutcome(true, LifecycleSteps.Done, schedule.Reason);
        }

        var now = context.CurrentUtcDateTime;
        var due = schedule.ExpiresAt is { } expires ? expires.UtcDateTime - input.Horizon : now;
        if (due > now)
        {
            // Read again on waking: a refresh on request or new credentials may have moved the expiry meanwhile.
            await context.CreateTimer(Capped(due, now), CancellationToken.None);
            context.ContinueAsNew(input, preserveUnprocessedEvents: false);
            return new LifecycleOutcome(true, LifecycleSteps.WaitForRefresh, "Continued as new.");
        }

        context.EnterStep(LifecycleSteps.RefreshToken);
        TokenRefreshStep refresh;
        try
        {
            refresh = await context.CallActivityAsync<TokenRefreshStep>(nameof(RefreshTokenActivity), input.IntegrationId, LifecycleRetry.Platform);
        }
        catch (WorkflowTaskFailedException)
        {
            refresh = new TokenRefreshStep(true, false, "The platform could not be reached.", null, false, false);
        }

        if (!refresh.Found || refresh.CredentialsRefused || refresh.NeverExpires)
        {
            return Outcome(refresh);
        }

        // Never sooner than RetryAfter: a failed refresh, or a token that is again inside the horizon, waits.
        var next = refresh.ExpiresAt is { } nextExpiry ? nextExpiry.UtcDateTime - input.Horizon : now;
        var earliest = context.CurrentUtcDateTime + input.RetryAfter;
        context.EnterStep(LifecycleSteps.WaitForRefresh);
        await context.CreateTimer(Capped(next > earliest ? next : earliest, context.CurrentUtcDateTime), CancellationToken.None);
        context.ContinueAsNew(input, preserveUnprocessedEvents: false);
        return Outcome(refresh);
    }

    private static async Task<LifecycleOutcome> RefreshOnceAsync(WorkflowContext context, RefreshTokenInput input)
    {
        var step = LifecycleSteps.RefreshToken;
        try
        {
            context.EnterStep(step);
            var refresh = await context.CallActivityAsync<TokenRefreshStep>(nameof(RefreshTokenActivity), input.IntegrationId, LifecycleRetry.Platform);
            if (refresh.Refreshed)
            {
                step = context.EnterStep(LifecycleSteps.ScheduleTokenRefresh);
                await context.CallActivityAsync<bool>(nameof(ScheduleTokenRefreshActivity), input.IntegrationId, LifecycleRetry.State);
            }

            context.EnterStep(LifecycleSteps.Done);
            return Outcome(refresh);
        }
        catch (WorkflowTaskFailedException)
        {
            return new LifecycleOutcome(false, step, $"The step '{step}' kept failing. Try again later.");
        }
    }

    /// <summary>
    /// The longest single sleep. A 60-day token sleeps in a few steps, each waking to read the expiry again (and
    /// to end if there is nothing left to refresh); no engine has to keep a timer for weeks.
    /// </summary>
    public static readonly TimeSpan MaxSleep = TimeSpan.FromDays(7);

    private static DateTime Capped(DateTime wakeAt, DateTime now) => wakeAt - now > MaxSleep ? now + MaxSleep : wakeAt;

    private static LifecycleOutcome Outcome(TokenRefreshStep refresh)
    {
        var details = new Dictionary<string, string> { ["refreshed"] = refresh.Refreshed ? "true" : "false" };
        if (refresh.ExpiresAt is { } expires)
        {
            details["expiresAt"] = expires.ToString("O", CultureInfo.InvariantCulture);
        }
        else if (refresh.NeverExpires)
        {
            details["expiresAt"] = "never";
        }

        return new LifecycleOutcome(refresh.Refreshed, refresh.Refreshed ? LifecycleSteps.Done : LifecycleSteps.RefreshToken, refresh.Summary, details,
            refresh.CredentialsRefused ? "needsReauthorization" : null);
    }
}
