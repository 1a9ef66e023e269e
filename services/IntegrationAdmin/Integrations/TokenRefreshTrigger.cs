using DaprChannels.BuildingBlocks.State;
using DaprChannels.BuildingBlocks.Triggers;
using DaprChannels.Channels.Abstractions;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Integrations;
using DaprChannels.IntegrationAdmin.Tenants;
using DaprChannels.ServiceDefaults.Integrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DaprChannels.IntegrationAdmin.Integrations;

/// <summary>
/// Hourly: refreshes the tokens of active integrations that expire within
/// <see cref="TokenRefreshOptions.Horizon"/> or whose expiry is not known yet, records each outcome
/// and the next expiry on the integration, and marks an integration whose token is already invalid
/// as needing re-authorization. Each replica's cron fires; a first-write claim per hour lets only
/// one of them sweep.
/// </summary>
public sealed class TokenRefreshTrigger(
    TenantService tenants,
    IntegrationService integrations,
    IntegrationDirectory directory,
    ChannelRegistry channels,
    IStateStore state,
    TimeProvider clock,
    IOptions<TokenRefreshOptions> options,
    ILogger<TokenRefreshTrigger> logger) : ITrigger
{
    public const string Name = "token-refresh";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var hour = now.ToString("yyyyMMddHH", System.Globalization.CultureInfo.InvariantCulture);
        if (!await state.TryClaimAsync(StateKeys.Saga($"{Name}:{hour}"), now, TimeSpan.FromHours(2), cancellationToken))
        {
            return;
        }

        var horizonEnd = now + options.Value.Horizon;
        foreach (var tenant in await tenants.ListAsync(cancellationToken))
        {
            foreach (var record in await integrations.ListAsync(tenant.Id, cancellationToken))
            {
                if (record.Status != IntegrationStatus.Active
                    || channels.Find(record.Platform) is not { Capabilities.CanRefreshToken: true } adapter
                    || !(record.CredentialStatus ?? new CredentialStatus()).ExpiresBefore(horizonEnd))
                {
                    continue;
                }

                try
                {
                    var resolved = await directory.ResolveAsync(record, cancellationToken);
                    var result = await adapter.RefreshCredentialsAsync(resolved.Channel, cancellationToken);
                    if (result.Refreshed && result.UpdatedCredentials is { Count: > 0 } updated)
                    {
                        await integrations.UpdateAsync(record.TenantId, record.Id, null, null, updated, null, null, cancellationToken);
                    }

                    await integrations.RecordRefreshAsync(record.Id, result, cancellationToken);
                    logger.LogInformation("Token refresh of integration {IntegrationId}: {Summary}", record.Id, result.Summary);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning("Token refresh of integration {IntegrationId} failed: {Error}", record.Id, ex.GetType().Name);
                }
            }
        }
    }
}
