using Dapr.Workflow;
using DaprChannels.BuildingBlocks.Workflows;

namespace DaprChannels.IntegrationAdmin.Lifecycle.Activities;

/// <summary>What the refresh-token workflow needs to know to plan its next refresh.</summary>
/// <param name="Refreshable">The integration exists, is active, its platform refreshes tokens and its token expires.</param>
/// <param name="ExpiresAt">The token's expiry, when known (unknown: refresh now, which learns it).</param>
public sealed record TokenSchedule(bool Refreshable, DateTimeOffset? ExpiresAt, string Reason);

/// <summary>Reads when the integration's token expires, as the last test or refresh recorded it.</summary>
public sealed class ReadTokenScheduleActivity(IntegrationService integrations, ChannelRegistry channels) : WorkflowActivity<string, TokenSchedule>
{
    public override async Task<TokenSchedule> RunAsync(WorkflowActivityContext context, string integrationId)
    {
        var record = await integrations.GetAsync(integrationId, context.CancellationToken);
        return TokenRefresh.Schedule(record, channels);
    }
}

/// <summary>The outcome of one refresh, without the new token (which is stored encrypted and never leaves the step).</summary>
public sealed record TokenRefreshStep(bool Found, bool Refreshed, string Summary, DateTimeOffset? ExpiresAt, bool NeverExpires, bool CredentialsRefused);

/// <summary>Asks the platform for a new token and stores it and its expiry; a token already invalid marks the integration.</summary>
public sealed class RefreshTokenActivity(IntegrationService integrations) : WorkflowActivity<string, TokenRefreshStep>
{
    public override async Task<TokenRefreshStep> RunAsync(WorkflowActivityContext context, string integrationId)
    {
        var result = await integrations.RefreshTokenAsync(integrationId, context.CancellationToken);
        return result is null
            ? new TokenRefreshStep(false, false, "The integration was deleted.", null, false, false)
            : new TokenRefreshStep(true, result.Refreshed, result.Summary, result.ExpiresAt, result.NeverExpires, result.CredentialsRefused);
    }
}

/// <summary>
/// Starts the integration's long-running refresh-token instance if its token expires and none runs; a connect and
/// a refresh on request end with this step.
/// </summary>
public sealed class ScheduleTokenRefreshActivity(IntegrationService integrations, ChannelRegistry channels, IWorkflowEngine engine, IOptions<TokenRefreshOptions> options)
    : WorkflowActivity<string, bool>
{
    public override async Task<bool> RunAsync(WorkflowActivityContext context, string integrationId)
    {
        var record = await integrations.GetAsync(integrationId, context.CancellationToken);
        if (!TokenRefresh.Schedule(record, channels).Refreshable)
        {
            return false;
        }

        return await TokenRefresh.EnsureRunningAsync(engine, integrationId, options.Value, context.CancellationToken);
    }
}

/// <summary>Stops the integration's refresh-token instance (disconnecting: nothing is refreshed for a disconnected integration).</summary>
public sealed class StopTokenRefreshActivity(IWorkflowEngine engine) : WorkflowActivity<string, bool>
{
    public override Task<bool> RunAsync(WorkflowActivityContext context, string integrationId) =>
        TokenRefresh.StopAsync(engine, integrationId, context.CancellationToken);
}

/// <summary>The refresh-token instances: one per integration whose token expires, under an id derived from the integration's.</summary>
public static class TokenRefresh
{
    public static string InstanceId(string integrationId) => "token-refresh-" + integrationId;

    public static TokenSchedule Schedule(IntegrationRecord? record, ChannelRegistry channels)
    {
        if (record is null)
        {
            return new TokenSchedule(false, null, "The integration was deleted.");
        }

        if (channels.Find(record.Platform) is not { Capabilities.CanRefreshToken: true })
        {
            return new TokenSchedule(false, null, "The platform's tokens are not refreshed.");
        }

        if (record.Status != IntegrationStatus.Active)
        {
            return new TokenSchedule(false, null, $"The integration is {LifecycleStatus.Name(record.Status)}.");
        }

        var status = record.CredentialStatus ?? new CredentialStatus();
        return status.TokenNeverExpires
            ? new TokenSchedule(false, null, "The token does not expire.")
            : new TokenSchedule(true, status.TokenExpiresAt, status.TokenExpiresAt is null ? "The token's expiry is not known yet." : "The token expires.");
    }

    public static async Task<bool> EnsureRunningAsync(IWorkflowEngine engine, string integrationId, TokenRefreshOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await engine.StartAsync(nameof(RefreshTokenWorkflow), InstanceId(integrationId),
                new RefreshTokenInput(integrationId, options.Horizon, options.RetryAfter), cancellationToken);
            return true;
        }
        catch (WorkflowInstanceExistsException)
        {
            return false;
        }
    }

    public static async Task<bool> StopAsync(IWorkflowEngine engine, string integrationId, CancellationToken cancellationToken)
    {
        var instance = await engine.GetAsync(InstanceId(integrationId), cancellationToken);
        if (instance?.Status is not (WorkflowInstanceStatus.Running or WorkflowInstanceStatus.Pending or WorkflowInstanceStatus.Suspended))
        {
            return false;
        }

        await engine.TerminateAsync(InstanceId(integrationId), "The integration was disconnected.", cancellationToken);
        return true;
    }
}
