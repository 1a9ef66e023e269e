using DaprChannels.BuildingBlocks.PubSub;
using DaprChannels.BuildingBlocks.State;
using DaprChannels.Channels.Abstractions;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Integrations;
using DaprChannels.IntegrationAdmin.Tenants;
using DaprChannels.ServiceDefaults;
using DaprChannels.ServiceDefaults.Integrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DaprChannels.IntegrationAdmin.Integrations;

public sealed record IntegrationDraft(
    string Platform,
    string Name,
    IReadOnlyDictionary<string, string> Config,
    IReadOnlyDictionary<string, string> Credentials,
    IReadOnlyDictionary<string, string> SecretRefs,
    BotSettings Bot,
    string? Id = null);

public sealed class IntegrationValidationException(IReadOnlyDictionary<string, string[]> errors) : Exception("The integration is not valid.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>
/// The write side of integrations: the only writer of <c>integration:*</c> and the per-tenant
/// index. Credentials are encrypted before they reach the store and every change is announced on
/// <c>integration.changed</c> so readers drop their cached copy.
/// </summary>
public sealed class IntegrationService(
    IStateStore state,
    IEventPublisher publisher,
    ChannelRegistry channels,
    CredentialProtector protector,
    IntegrationDirectory directory,
    IntegrationUrlValidator urls,
    TimeProvider clock,
    IOptions<DaprChannelsOptions> options,
    ILogger<IntegrationService> logger)
{
    public async Task<IntegrationRecord> CreateAsync(string tenantId, IntegrationDraft draft, CancellationToken cancellationToken)
    {
        var adapter = channels.Find(draft.Platform)
                      ?? throw new IntegrationValidationException(new Dictionary<string, string[]> { ["platform"] = [$"Unknown platform. Known: {string.Join(", ", channels.All.Select(a => a.Descriptor.Platform))}."] });
        var credentials = Prepare(adapter, draft);
        await urls.ValidateAsync(draft.Bot, credentials, cancellationToken);
        var id = draft.Id ?? TenantService.NewId("int_");
        var now = clock.GetUtcNow();
        var record = new IntegrationRecord(
            id, tenantId, adapter.Descriptor.Platform, draft.Name, IntegrationStatus.Active, draft.Config,
            credentials.Count == 0 ? null : await protector.ProtectAsync(id, credentials, cancellationToken),
            CredentialMask.MaskAll(credentials), draft.SecretRefs, draft.Bot, now, now);
        if (RouteKey(adapter, draft.Config) is { } routeKey && !await state.TryClaimAsync(routeKey, id, TimeSpan.Zero, cancellationToken))
        {
            throw new IntegrationValidationException(new Dictionary<string, string[]>
            {
                ["config." + adapter.Descriptor.AccountField] = ["This platform account is connected to another integration already."],
            });
        }

        if (!await state.TryClaimAsync(StateKeys.Integration(id), record, TimeSpan.Zero, cancellationToken))
        {
            if (RouteKey(adapter, draft.Config) is { } claimed)
            {
                await state.DeleteAsync(claimed, cancellationToken: cancellationToken);
            }

            throw new IntegrationValidationException(new Dictionary<string, string[]> { ["id"] = ["An integration with that id exists."] });
        }

        await state.UpdateAsync<List<string>>(StateKeys.TenantIntegrations(tenantId),
            ids => ids?.Contains(id) == true ? null : [.. ids ?? [], id], cancellationToken: cancellationToken);
        await AnnounceAsync(record, IntegrationChangeKind.Created, cancellationToken);
        logger.LogInformation("Connected {Platform} integration {IntegrationId} for tenant {TenantId}", record.Platform, id, tenantId);
        return record;
    }

    public async Task<IntegrationRecord?> FindAsync(string tenantId, string integrationId, CancellationToken cancellationToken)
    {
        var record = (await state.GetAsync<IntegrationRecord>(StateKeys.Integration(integrationId), cancellationToken))?.Value;
        return record?.TenantId == tenantId ? record : null;
    }

    public async Task<IReadOnlyList<IntegrationRecord>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var ids = (await state.GetAsync<List<string>>(StateKeys.TenantIntegrations(tenantId), cancellationToken))?.Value ?? [];
        var items = await state.GetManyAsync<IntegrationRecord>(ids.Select(StateKeys.Integration).ToList(), cancellationToken);
        return items.Select(i => i.Value).Where(r => r.TenantId == tenantId).OrderBy(r => r.CreatedAt).ToList();
    }

    /// <summary>Applies a change to an integration; credentials given replace those of the same name.</summary>
    public async Task<IntegrationRecord?> UpdateAsync(
        string tenantId,
        string integrationId,
        string? name,
        IReadOnlyDictionary<string, string>? config,
        IReadOnlyDictionary<string, string>? credentials,
        BotSettings? bot,
        IntegrationStatus? status,
        CancellationToken cancellationToken)
    {
        await urls.ValidateAsync(bot, credentials, cancellationToken);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var item = await state.GetAsync<IntegrationRecord>(StateKeys.Integration(integrationId), cancellationToken);
            if (item is null || item.Value.TenantId != tenantId)
            {
                return null;
            }

            var current = item.Value;
            var next = current with
            {
                Name = name ?? current.Name,
                Config = config ?? current.Config,
                Bot = bot ?? current.Bot,
                Status = status ?? current.Status,
                StatusReason = status is null ? current.StatusReason : null,
                UpdatedAt = clock.GetUtcNow(),
            };
            if (credentials is { Count: > 0 })
            {
                var adapter = channels.Get(current.Platform);
                var merged = new Dictionary<string, string>((await directory.ResolveAsync(current, cancellationToken)).Channel.Credentials);
                foreach (var field in current.SecretRefs.Keys)
                {
                    merged.Remove(field);
                }

                foreach (var (key, value) in credentials)
                {
                    merged[key] = value;
                }

                var prepared = Prepare(adapter, new IntegrationDraft(current.Platform, next.Name, next.Config, merged, current.SecretRefs, next.Bot));
                next = next with
                {
                    Credentials = await protector.ProtectAsync(current.Id, prepared, cancellationToken),
                    CredentialMask = CredentialMask.MaskAll(prepared),
                    // Another token, another lifetime: unknown until the next test or refresh reads it.
                    CredentialStatus = current.CredentialStatus is { } known ? known with { TokenExpiresAt = null, TokenNeverExpires = false } : null,
                };
            }

            var adapterForRoute = channels.Get(current.Platform);
            var oldRoute = RouteKey(adapterForRoute, current.Config);
            var newRoute = RouteKey(adapterForRoute, next.Config);
            if (newRoute != oldRoute && newRoute is not null && !await state.TryClaimAsync(newRoute, integrationId, TimeSpan.Zero, cancellationToken))
            {
                throw new IntegrationValidationException(new Dictionary<string, string[]>
                {
                    ["config." + adapterForRoute.Descriptor.AccountField] = ["This platform account is connected to another integration already."],
                });
            }

            try
            {
                await state.SaveAsync(StateKeys.Integration(integrationId), next, new StateWriteOptions(item.ETag), cancellationToken);
                if (oldRoute is not null && oldRoute != newRoute)
                {
                    await state.DeleteAsync(oldRoute, cancellationToken: cancellationToken);
                }

                await AnnounceAsync(next, IntegrationChangeKind.Updated, cancellationToken);
                return next;
            }
            catch (StateConcurrencyException)
            {
            }
        }

        throw new StateConcurrencyException(StateKeys.Integration(integrationId));
    }

    /// <summary>Keeps the outcome of a credential test and what it learned of the token's expiry; a refused credential marks the integration.</summary>
    public Task<IntegrationRecord?> RecordTestAsync(string integrationId, CredentialTestResult result, CancellationToken cancellationToken) =>
        RecordAsync(
            integrationId,
            status => WithExpiry(status with { LastTest = new CredentialCheckRun(clock.GetUtcNow(), result.Ok, result.Summary, result.Details) }, result.ExpiresAt, result.NeverExpires),
            result.CredentialsRefused ? result.Summary : null,
            cancellationToken);

    /// <summary>Keeps the outcome of a token refresh and the token's next expiry; an already invalid token marks the integration.</summary>
    public Task<IntegrationRecord?> RecordRefreshAsync(string integrationId, TokenRefreshResult result, CancellationToken cancellationToken)
    {
        var details = new Dictionary<string, string> { ["refreshed"] = result.Refreshed ? "true" : "false" };
        if (result.ExpiresAt is { } expires)
        {
            details["expiresAt"] = expires.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (result.NeverExpires)
        {
            details["neverExpires"] = "true";
        }

        var run = new CredentialCheckRun(clock.GetUtcNow(), result.Refreshed || result.NeverExpires, result.Summary, details);
        return RecordAsync(
            integrationId,
            status => result.Refreshed
                ? status with { LastRefresh = run, TokenExpiresAt = result.ExpiresAt, TokenNeverExpires = false }
                : WithExpiry(status with { LastRefresh = run }, result.ExpiresAt, result.NeverExpires),
            result.CredentialsRefused ? result.Summary : null,
            cancellationToken);
    }

    private static CredentialStatus WithExpiry(CredentialStatus status, DateTimeOffset? expiresAt, bool neverExpires) =>
        neverExpires ? status with { TokenExpiresAt = null, TokenNeverExpires = true }
        : expiresAt is { } at ? status with { TokenExpiresAt = at, TokenNeverExpires = false }
        : status;

    private async Task<IntegrationRecord?> RecordAsync(string integrationId, Func<CredentialStatus, CredentialStatus> change, string? refusedReason, CancellationToken cancellationToken)
    {
        var updated = await state.UpdateAsync<IntegrationRecord>(StateKeys.Integration(integrationId), current =>
            current is null ? null : current with { CredentialStatus = change(current.CredentialStatus ?? new CredentialStatus()) },
            cancellationToken: cancellationToken);
        if (refusedReason is not null)
        {
            await MarkNeedsReauthorizationAsync(integrationId, refusedReason, cancellationToken);
            updated = (await state.GetAsync<IntegrationRecord>(StateKeys.Integration(integrationId), cancellationToken))?.Value;
        }

        return updated;
    }

    /// <summary>Marks an integration as needing re-authorization after the platform refused its credentials.</summary>
    public async Task MarkNeedsReauthorizationAsync(string integrationId, string reason, CancellationToken cancellationToken)
    {
        var updated = await state.UpdateAsync<IntegrationRecord>(StateKeys.Integration(integrationId), current =>
            current is null || current.Status == IntegrationStatus.NeedsReauthorization
                ? null
                : current with { Status = IntegrationStatus.NeedsReauthorization, StatusReason = reason, UpdatedAt = clock.GetUtcNow() },
            cancellationToken: cancellationToken);
        if (updated?.Status == IntegrationStatus.NeedsReauthorization)
        {
            await AnnounceAsync(updated, IntegrationChangeKind.Updated, cancellationToken);
        }
    }

    public async Task<bool> DeleteAsync(string tenantId, string integrationId, CancellationToken cancellationToken)
    {
        var record = await FindAsync(tenantId, integrationId, cancellationToken);
        if (record is null)
        {
            return false;
        }

        await state.DeleteAsync(StateKeys.Integration(integrationId), cancellationToken: cancellationToken);
        if (channels.Find(record.Platform) is { } adapter && RouteKey(adapter, record.Config) is { } routeKey)
        {
            await state.DeleteAsync(routeKey, cancellationToken: cancellationToken);
        }

        await state.UpdateAsync<List<string>>(StateKeys.TenantIntegrations(tenantId),
            ids => ids is null || !ids.Contains(integrationId) ? null : ids.Where(i => i != integrationId).ToList(),
            cancellationToken: cancellationToken);
        await AnnounceAsync(record, IntegrationChangeKind.Deleted, cancellationToken);
        return true;
    }

    public Uri WebhookUrl(IntegrationRecord record, Uri requestBase)
    {
        var baseUrl = options.Value.PublicBaseUrl is { Length: > 0 } configured ? configured.TrimEnd('/') : requestBase.GetLeftPart(UriPartial.Authority);
        return new Uri($"{baseUrl}/webhooks/{record.Platform}/{record.Id}");
    }

    /// <summary>The <c>route:*</c> key app-level webhooks find this integration by, if the platform has one.</summary>
    private static string? RouteKey(IChannelAdapter adapter, IReadOnlyDictionary<string, string> config) =>
        adapter.Descriptor.AccountField is { } field && config.TryGetValue(field, out var account) && !string.IsNullOrEmpty(account)
            ? StateKeys.Route(adapter.Descriptor.Platform, account)
            : null;

    private static IReadOnlyDictionary<string, string> Prepare(IChannelAdapter adapter, IntegrationDraft draft)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var field in adapter.Descriptor.ConfigFields.Where(f => f.Required && !draft.Config.ContainsKey(f.Name)))
        {
            errors["config." + field.Name] = [$"Required: {field.Description}"];
        }

        foreach (var field in adapter.Descriptor.CredentialFields.Where(f => f.Required
                     && !draft.Credentials.ContainsKey(f.Name) && !draft.SecretRefs.ContainsKey(f.Name)))
        {
            errors["credentials." + field.Name] = [$"Required: {field.Description}"];
        }

        if (errors.Count > 0)
        {
            throw new IntegrationValidationException(errors);
        }

        try
        {
            return adapter.PrepareCredentials(draft.Credentials);
        }
        catch (Exception ex) when (ex is ChannelConfigurationException or ArgumentException or FormatException)
        {
            throw new IntegrationValidationException(new Dictionary<string, string[]> { ["credentials"] = [ex.Message] });
        }
    }

    private Task AnnounceAsync(IntegrationRecord record, IntegrationChangeKind change, CancellationToken cancellationToken)
    {
        directory.Invalidate(record.Id);
        return publisher.PublishAsync(IntegrationChanged.Topic,
            new IntegrationChanged(TenantService.NewId("chg_"), clock.GetUtcNow(), record.TenantId, record.Id, change), cancellationToken);
    }
}
