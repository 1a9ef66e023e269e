using DaprChannels.IntegrationAdmin.Tenants;

namespace DaprChannels.IntegrationAdmin.Integrations;

public sealed record IntegrationDraft(
    string Platform,
    string Name,
    IReadOnlyDictionary<string, string> Config,
    IReadOnlyDictionary<string, string> Credentials,
    IReadOnlyDictionary<string, string> SecretRefs,
    BotSettings Bot,
    string? Id = null);

/// <summary>A new integration and the credentials the gateway generated for it (shown once).</summary>
public sealed record CreatedIntegration(IntegrationRecord Record, IReadOnlyDictionary<string, string> GeneratedCredentials);

/// <summary>Another refresh of the integration's token is running; the step's retry policy tries again after it.</summary>
public sealed class TokenRefreshBusyException(string integrationId) : Exception($"A token refresh of integration {integrationId} is running.");

public enum RouteClaimOutcome
{
    Claimed,
    NoAccount,
    HeldByAnother,
    NoSuchIntegration,
}

/// <param name="Account">The platform account the integration is for.</param>
/// <param name="HeldBy">The other integration that holds it.</param>
public sealed record RouteClaim(RouteClaimOutcome Outcome, string? Account, string? HeldBy);

public enum ClaimAssignment
{
    Assigned,
    NoSuchIntegration,
    HeldByAnother,
}

public sealed class IntegrationValidationException(IReadOnlyDictionary<string, string[]> errors) : Exception("The integration is not valid.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>
/// The write side of integrations: the only writer of the integration read model (<c>integration:*</c>, the
/// per-tenant index, platform routes and secret grants, in their shared store). Credentials are encrypted before they reach the store and every change is announced on
/// <c>integration.changed</c> so readers drop their cached copy.
/// </summary>
public sealed class IntegrationService(
    [FromKeyedServices(StateStores.IntegrationReadModel)] IStateStore readModel,
    IStateStore state,
    IEventPublisher publisher,
    ChannelRegistry channels,
    CredentialProtector protector,
    IntegrationDirectory directory,
    SecretReferencePolicy secretReferences,
    IntegrationUrlValidator urls,
    TimeProvider clock,
    IOptions<DaprChannelsOptions> options,
    ILogger<IntegrationService> logger)
{
    /// <summary>
    /// Stores a new integration. One that names a platform account starts <see cref="IntegrationStatus.Pending"/>:
    /// it claims the account (and receives anything) only once a credential test proves its credentials control
    /// it (<see cref="RecordTestAsync"/>). The answer carries the credentials the gateway generated, to show once.
    /// </summary>
    public async Task<CreatedIntegration> CreateAsync(string tenantId, IntegrationDraft draft, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(tenantId, draft, cancellationToken);
        await SaveNewAsync(prepared.Record, cancellationToken);
        return prepared;
    }

    /// <summary>
    /// Checks a new integration (platform, fields, secret references, bot settings, URLs) and encrypts its
    /// credentials, without storing anything: a connect refuses bad input before any step runs.
    /// </summary>
    public async Task<CreatedIntegration> PrepareAsync(string tenantId, IntegrationDraft draft, CancellationToken cancellationToken)
    {
        var adapter = channels.Find(draft.Platform)
                      ?? throw new IntegrationValidationException(new Dictionary<string, string[]> { ["platform"] = [$"Unknown platform. Known: {string.Join(", ", channels.All.Select(a => a.Descriptor.Platform))}."] });
        await ValidateSecretRefsAsync(tenantId, adapter, draft.SecretRefs, cancellationToken);
        var credentials = Prepare(adapter, draft);
        await urls.ValidateAsync(draft.Bot, credentials, cancellationToken);
        var id = draft.Id ?? TenantService.NewId("int_");
        if (draft.Id is not null && await readModel.GetAsync<IntegrationRecord>(IntegrationReadModelKeys.Integration(id), cancellationToken) is not null)
        {
            throw new IntegrationValidationException(new Dictionary<string, string[]> { ["id"] = ["An integration with that id exists."] });
        }

        var now = clock.GetUtcNow();
        var account = AccountOf(adapter, draft.Config);
        var record = new IntegrationRecord(
            id, tenantId, adapter.Descriptor.Platform, draft.Name, account is null ? IntegrationStatus.Active : IntegrationStatus.Pending, draft.Config,
            credentials.Count == 0 ? null : await protector.ProtectAsync(id, credentials, cancellationToken),
            CredentialMask.MaskAll(credentials), draft.SecretRefs, draft.Bot, now, now,
            StatusReason: account is null ? null : UnprovenReason(adapter, account));
        return new CreatedIntegration(record, Generated(adapter, draft.Credentials, credentials));
    }

    /// <summary>Stores a prepared integration under its id (first write wins) and announces it.</summary>
    public async Task SaveNewAsync(IntegrationRecord record, CancellationToken cancellationToken)
    {
        if (!await readModel.TryClaimAsync(IntegrationReadModelKeys.Integration(record.Id), record, TimeSpan.Zero, cancellationToken))
        {
            throw new IntegrationValidationException(new Dictionary<string, string[]> { ["id"] = ["An integration with that id exists."] });
        }

        await readModel.UpdateAsync<List<string>>(IntegrationReadModelKeys.TenantIntegrations(record.TenantId),
            ids => ids?.Contains(record.Id) == true ? null : [.. ids ?? [], record.Id], cancellationToken: cancellationToken);
        await AnnounceAsync(record, IntegrationChangeKind.Created, cancellationToken);
        logger.LogInformation("Stored {Platform} integration {IntegrationId} for tenant {TenantId}", record.Platform, record.Id, record.TenantId);
    }

    /// <summary>The platform account an integration of <paramref name="platform"/> with this config is for, if the platform has one.</summary>
    public string? AccountOf(string platform, IReadOnlyDictionary<string, string> config) =>
        channels.Find(platform) is { } adapter ? AccountOf(adapter, config) : null;

    public async Task<IntegrationRecord?> FindAsync(string tenantId, string integrationId, CancellationToken cancellationToken)
    {
        var record = (await readModel.GetAsync<IntegrationRecord>(IntegrationReadModelKeys.Integration(integrationId), cancellationToken))?.Value;
        return record?.TenantId == tenantId ? record : null;
    }

    public async Task<IReadOnlyList<IntegrationRecord>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var ids = (await readModel.GetAsync<List<string>>(IntegrationReadModelKeys.TenantIntegrations(tenantId), cancellationToken))?.Value ?? [];
        var items = await readModel.GetManyAsync<IntegrationRecord>(ids.Select(IntegrationReadModelKeys.Integration).ToList(), cancellationToken);
        return items.Select(i => i.Value).Where(r => r.TenantId == tenantId).OrderBy(r => r.CreatedAt).ToList();
    }

    /// <summary>
    /// Applies a change to an integration; credentials given replace those of the same name. Moving it to another
    /// platform account releases the old account and leaves it <see cref="IntegrationStatus.Pending"/> until a test
    /// proves the new one; asking for <see cref="IntegrationStatus.Active"/> gives an integration that holds no
    /// proven account <see cref="IntegrationStatus.Pending"/> instead.
    /// </summary>
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
        var errors = new Dictionary<string, string[]>();
        if (status is IntegrationStatus.Pending or IntegrationStatus.NeedsReauthorization)
        {
            errors["status"] = ["Only 'active' or 'disabled' can be asked for."];
        }

        BotSettingsValidation.AddErrors(bot, errors);
        if (errors.Count > 0)
        {
            throw new IntegrationValidationException(errors);
        }

        await urls.ValidateAsync(bot, credentials, cancellationToken);

        string? released = null;
        return await ChangeAsync(tenantId, integrationId, async (current, adapter) =>
        {
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
                var merged = new Dictionary<string, string>(await CurrentCredentialsAsync(current, cancellationToken));
                foreach (var (key, value) in credentials)
                {
                    merged[key] = value;
                }

                next = await WithCredentialsAsync(next, adapter, merged, cancellationToken);
            }

            var oldAccount = AccountOf(adapter, current.Config);
            var newAccount = AccountOf(adapter, next.Config);
            released = oldAccount != newAccount ? oldAccount : null;
            if (newAccount is not null && next.Status != IntegrationStatus.Disabled
                && (oldAccount != newAccount || (status == IntegrationStatus.Active && !await HoldsAsync(adapter, newAccount, integrationId, cancellationToken))))
            {
                next = next with { Status = IntegrationStatus.Pending, StatusReason = UnprovenReason(adapter, newAccount) };
            }

            return next;
        }, async (_, adapter) =>
        {
            if (released is not null)
            {
                await ReleaseIfHeldAsync(adapter, released, integrationId, cancellationToken);
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Replaces a credential the gateway generates (a webhook verify token) with a new one. Where the platform has
    /// a field for the value being rotated out, the old value moves there and keeps working until removed.
    /// </summary>
    /// <returns>The integration and the new value, to show once; null when there is no such integration.</returns>
    public async Task<(IntegrationRecord Record, string Value)?> RotateAsync(string tenantId, string integrationId, string field, CancellationToken cancellationToken)
    {
        var rotated = await ChangeAsync(tenantId, integrationId, async (current, adapter) =>
        {
            var descriptor = adapter.Descriptor.CredentialFields.FirstOrDefault(f => f.Name == field && f.Generated)
                ?? throw new IntegrationValidationException(new Dictionary<string, string[]>
                {
                    ["field"] = [$"Only generated credentials can be rotated here: {string.Join(", ", adapter.Descriptor.CredentialFields.Where(f => f.Generated).Select(f => f.Name))}."],
                });
            if (current.SecretRefs.ContainsKey(field))
            {
                throw new IntegrationValidationException(new Dictionary<string, string[]> { ["field"] = ["This credential comes from the secret store; rotate it there."] });
            }

            var merged = new Dictionary<string, string>(await CurrentCredentialsAsync(current, cancellationToken));
            if (merged.Remove(field, out var old) && descriptor.PreviousField is { } previous)
            {
                merged[previous] = old;
            }

            return await WithCredentialsAsync(current with { UpdatedAt = clock.GetUtcNow() }, adapter, merged, cancellationToken);
        }, null, cancellationToken);
        if (rotated is null)
        {
            return null;
        }

        logger.LogInformation("Rotated {Field} of integration {IntegrationId}", field, integrationId);
        return (rotated, (await directory.ResolveAsync(rotated, cancellationToken)).Channel.Credentials[field]);
    }

    /// <summary>
    /// Reads the tenant's integration, applies <paramref name="change"/> and saves the result if nobody wrote in
    /// between (else starts again from the new version), then runs <paramref name="afterSave"/> and announces it.
    /// </summary>
    /// <returns>The saved integration, or null when the tenant has no such integration.</returns>
    private async Task<IntegrationRecord?> ChangeAsync(
        string tenantId,
        string integrationId,
        Func<IntegrationRecord, IChannelAdapter, Task<IntegrationRecord>> change,
        Func<IntegrationRecord, IChannelAdapter, Task>? afterSave,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var item = await readModel.GetAsync<IntegrationRecord>(IntegrationReadModelKeys.Integration(integrationId), cancellationToken);
            if (item is null || item.Value.TenantId != tenantId)
            {
                return null;
            }

            var adapter = channels.Get(item.Value.Platform);
            var next = await change(item.Value, adapter);
            try
            {
                await readModel.SaveAsync(IntegrationReadModelKeys.Integration(integrationId), next, new StateWriteOptions(item.ETag), cancellationToken);
            }
            catch (StateConcurrencyException)
            {
                continue;
            }

            if (afterSave is not null)
            {
                await afterSave(next, adapter);
            }

            await AnnounceAsync(next, IntegrationChangeKind.Updated, cancellationToken);
            return next;
        }

        throw new StateConcurrencyException(IntegrationReadModelKeys.Integration(integrationId));
    }

    /// <summary>
    /// Keeps the outcome of a credential test and what it learned of the token's expiry; a refused credential marks
    /// the integration. A test that proved the integration's platform account claims it for the integration, which
    /// then leaves <see cref="IntegrationStatus.Pending"/>; an account another integration holds stays with it.
    /// </summary>
    public async Task<IntegrationRecord?> RecordTestAsync(string integrationId, CredentialTestResult result, CancellationToken cancellationToken)
    {
        var updated = await RecordTestOutcomeAsync(integrationId, result, cancellationToken);
        if (updated is null || channels.Find(updated.Platform) is not { } adapter || AccountOf(adapter, updated.Config) is not { } account)
        {
            return updated;
        }

        if (result.ProvenAccount != account)
        {
            return updated.Status == IntegrationStatus.Pending
                ? await SetStatusAsync(integrationId, IntegrationStatus.Pending, $"{UnprovenReason(adapter, account)} Last test: {result.Summary}", onlyFrom: IntegrationStatus.Pending, cancellationToken)
                : updated;
        }

        if (await TakeAccountAsync(adapter.Descriptor.Platform, account, integrationId, cancellationToken) is { } holder)
        {
            logger.LogWarning("Integration {IntegrationId} proved {Platform} account {AccountId}, which integration {Holder} holds", integrationId, adapter.Descriptor.Platform, account, holder);
            return await SetStatusAsync(integrationId, IntegrationStatus.Pending,
                $"Another integration holds {adapter.Descriptor.AccountField} {account}; the operator can release it (DELETE /api/v1/account-claims/{adapter.Descriptor.Platform}/{account}).",
                onlyFrom: IntegrationStatus.Pending, cancellationToken);
        }

        return await SetStatusAsync(integrationId, IntegrationStatus.Active, null, onlyFrom: IntegrationStatus.Pending, cancellationToken) ?? updated;
    }

    /// <summary>
    /// Keeps the outcome of a credential test and what it learned of the token's expiry, without touching the
    /// account claim; a refused credential marks the integration as needing re-authorization.
    /// </summary>
    public Task<IntegrationRecord?> RecordTestOutcomeAsync(string integrationId, CredentialTestResult result, CancellationToken cancellationToken) =>
        RecordAsync(
            integrationId,
            status => WithExpiry(status with { LastTest = new CredentialCheckRun(clock.GetUtcNow(), result.Ok, result.Summary, result.Details) }, result.ExpiresAt, result.NeverExpires),
            result.CredentialsRefused ? result.Summary : null,
            cancellationToken);

    /// <summary>Runs the platform's credential test on the stored credentials; a configuration the adapter rejects is a failed test.</summary>
    public async Task<CredentialTestResult> TestCredentialsAsync(IntegrationRecord record, CancellationToken cancellationToken)
    {
        try
        {
            var resolved = await directory.ResolveAsync(record, cancellationToken);
            return await channels.Get<IChannelLifecycle>(record.Platform).TestCredentialsAsync(resolved.Channel, cancellationToken);
        }
        catch (ChannelConfigurationException ex)
        {
            return new CredentialTestResult(false, ex.Message);
        }
    }

    /// <summary>
    /// Asks the platform for a new token, stores it (encrypted) and records the outcome and the next expiry;
    /// an already invalid token marks the integration as needing re-authorization.
    /// </summary>
    public async Task<TokenRefreshResult?> RefreshTokenAsync(string integrationId, CancellationToken cancellationToken)
    {
        // One refresh at a time per integration: a second one would exchange the token the first just replaced.
        var lease = IntegrationAdminStateKeys.Saga("token-refresh:" + integrationId);
        if (!await state.TryClaimAsync(lease, clock.GetUtcNow(), RefreshLease, cancellationToken))
        {
            throw new TokenRefreshBusyException(integrationId);
        }

        try
        {
            var record = (await readModel.GetAsync<IntegrationRecord>(IntegrationReadModelKeys.Integration(integrationId), cancellationToken))?.Value;
            if (record is null)
            {
                return null;
            }

            TokenRefreshResult result;
            try
            {
                var resolved = await directory.ResolveAsync(record, cancellationToken);
                result = await channels.Get<IChannelLifecycle>(record.Platform).RefreshCredentialsAsync(resolved.Channel, cancellationToken);
            }
            catch (ChannelConfigurationException ex)
            {
                result = new TokenRefreshResult(false, ex.Message);
            }

            if (result.Refreshed && result.UpdatedCredentials is { Count: > 0 } updated)
            {
                await UpdateAsync(record.TenantId, integrationId, null, null, updated, null, null, cancellationToken);
            }

            await RecordRefreshAsync(integrationId, result, cancellationToken);
            logger.LogInformation("Token refresh of integration {IntegrationId}: {Summary}", integrationId, result.Summary);
            return result;
        }
        finally
        {
            await state.DeleteAsync(lease, cancellationToken: CancellationToken.None);
        }
    }

    /// <summary>How long a refresh holds its integration at most (a process killed mid-refresh frees it after this).</summary>
    private static readonly TimeSpan RefreshLease = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Claims the integration's platform account for it (first write wins; holding it already is fine).
    /// </summary>
    public async Task<RouteClaim> ClaimRouteAsync(string integrationId, CancellationToken cancellationToken)
    {
        var record = (await readModel.GetAsync<IntegrationRecord>(IntegrationReadModelKeys.Integration(integrationId), cancellationToken))?.Value;
        if (record is null || channels.Find(record.Platform) is not { } adapter)
        {
            return new RouteClaim(RouteClaimOutcome.NoSuchIntegration, null, null);
        }

        if (AccountOf(adapter, record.Config) is not { } account)
        {
            return new RouteClaim(RouteClaimOutcome.NoAccount, null, null);
        }

        return await TakeAccountAsync(adapter.Descriptor.Platform, account, integrationId, cancellationToken) is { } holder
            ? new RouteClaim(RouteClaimOutcome.HeldByAnother, account, holder)
            : new RouteClaim(RouteClaimOutcome.Claimed, account, null);
    }

    /// <summary>Releases the integration's platform account if this integration holds it.</summary>
    public async Task ReleaseRouteAsync(string integrationId, CancellationToken cancellationToken)
    {
        var record = (await readModel.GetAsync<IntegrationRecord>(IntegrationReadModelKeys.Integration(integrationId), cancellationToken))?.Value;
        if (record is not null && channels.Find(record.Platform) is { } adapter && AccountOf(adapter, record.Config) is { } account)
        {
            await ReleaseIfHeldAsync(adapter, account, integrationId, cancellationToken);
        }
    }

    /// <summary>
    /// Sets the status of a lifecycle step's outcome: <paramref name="onlyFrom"/> guards against overwriting what
    /// someone else decided meanwhile (a disabled integration stays disabled).
    /// </summary>
    public Task<IntegrationRecord?> SetLifecycleStatusAsync(string integrationId, IntegrationStatus status, string? reason, IntegrationStatus? onlyFrom, CancellationToken cancellationToken) =>
        SetStatusAsync(integrationId, status, reason, onlyFrom, cancellationToken);

    /// <summary>Whether the integration holds its platform account (or has none to hold).</summary>
    public async Task<bool> HoldsAccountAsync(IntegrationRecord record, CancellationToken cancellationToken) =>
        channels.Find(record.Platform) is not { } adapter || AccountOf(adapter, record.Config) is not { } account
        || await HoldsAsync(adapter, account, record.Id, cancellationToken);

    /// <summary>Reads an integration whatever its tenant (for workflow steps, which carry the ids they were given).</summary>
    public async Task<IntegrationRecord?> GetAsync(string integrationId, CancellationToken cancellationToken) =>
        (await readModel.GetAsync<IntegrationRecord>(IntegrationReadModelKeys.Integration(integrationId), cancellationToken))?.Value;

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
        var updated = await readModel.UpdateAsync<IntegrationRecord>(IntegrationReadModelKeys.Integration(integrationId), current =>
            current is null ? null : current with { CredentialStatus = change(current.CredentialStatus ?? new CredentialStatus()) },
            cancellationToken: cancellationToken);
        if (refusedReason is not null)
        {
            await MarkNeedsReauthorizationAsync(integrationId, refusedReason, cancellationToken);
            updated = (await readModel.GetAsync<IntegrationRecord>(IntegrationReadModelKeys.Integration(integrationId), cancellationToken))?.Value;
        }

        return updated;
    }

    /// <summary>Marks an integration as needing re-authorization after the platform refused its credentials.</summary>
    public async Task MarkNeedsReauthorizationAsync(string integrationId, string reason, CancellationToken cancellationToken)
    {
        var updated = await readModel.UpdateAsync<IntegrationRecord>(IntegrationReadModelKeys.Integration(integrationId), current =>
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

        await readModel.DeleteAsync(IntegrationReadModelKeys.Integration(integrationId), cancellationToken: cancellationToken);
        if (channels.Find(record.Platform) is { } adapter && AccountOf(adapter, record.Config) is { } account)
        {
            await ReleaseIfHeldAsync(adapter, account, integrationId, cancellationToken);
        }

        await readModel.UpdateAsync<List<string>>(IntegrationReadModelKeys.TenantIntegrations(tenantId),
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

    /// <summary>
    /// Replaces the secret-store names a tenant's integrations may reference. Integrations with secret references
    /// are announced as changed, so every replica resolves them again under the new grants.
    /// </summary>
    public async Task<SecretGrants> SetSecretGrantsAsync(string tenantId, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < names.Count; i++)
        {
            if (secretReferences.InvalidGrantReason(names[i] ?? "") is { } reason)
            {
                errors[$"secrets[{i}]"] = [reason];
            }
        }

        if (errors.Count > 0)
        {
            throw new IntegrationValidationException(errors);
        }

        var grants = new SecretGrants(names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(), clock.GetUtcNow());
        await readModel.SaveAsync(IntegrationReadModelKeys.SecretGrants(tenantId), grants, cancellationToken: cancellationToken);
        secretReferences.Invalidate(tenantId);
        foreach (var record in (await ListAsync(tenantId, cancellationToken)).Where(r => r.SecretRefs.Count > 0))
        {
            await AnnounceAsync(record, IntegrationChangeKind.Updated, cancellationToken);
        }

        logger.LogInformation("The operator granted tenant {TenantId} {Count} secret names", tenantId, grants.Names.Count);
        return grants;
    }

    /// <summary>Who holds a platform account for app-level routing (operator view).</summary>
    public async Task<string?> ClaimHolderAsync(string platform, string account, CancellationToken cancellationToken) =>
        (await readModel.GetAsync<string>(IntegrationReadModelKeys.Route(platform, account), cancellationToken))?.Value;

    /// <summary>
    /// The operator takes a platform account back from the integration holding it, which becomes
    /// <see cref="IntegrationStatus.Pending"/>; the rightful owner's integration can then prove it.
    /// </summary>
    /// <returns>The integration that held it, or null when nobody did.</returns>
    public async Task<string?> ReleaseClaimAsync(string platform, string account, CancellationToken cancellationToken)
    {
        var key = IntegrationReadModelKeys.Route(platform, account);
        var holder = await readModel.GetAsync<string>(key, cancellationToken);
        if (holder is null)
        {
            return null;
        }

        await readModel.DeleteAsync(key, holder.ETag, cancellationToken);
        await SetStatusAsync(holder.Value, IntegrationStatus.Pending,
            $"The operator released this integration's claim on {account}; a credential test can prove it again.", onlyFrom: null, cancellationToken);
        logger.LogInformation("The operator released {Platform} account {AccountId} from integration {IntegrationId}", platform, account, holder.Value);
        return holder.Value;
    }

    /// <summary>
    /// The operator gives an unclaimed account to the integration configured for it, for platforms whose credential
    /// test cannot prove which account a key belongs to (360dialog).
    /// </summary>
    public async Task<ClaimAssignment> AssignClaimAsync(string platform, string account, string integrationId, CancellationToken cancellationToken)
    {
        var record = (await readModel.GetAsync<IntegrationRecord>(IntegrationReadModelKeys.Integration(integrationId), cancellationToken))?.Value;
        if (record is null || record.Platform != platform || channels.Find(platform) is not { } adapter || AccountOf(adapter, record.Config) != account)
        {
            return ClaimAssignment.NoSuchIntegration;
        }

        if (await TakeAccountAsync(platform, account, integrationId, cancellationToken) is not null)
        {
            return ClaimAssignment.HeldByAnother;
        }

        await SetStatusAsync(integrationId, IntegrationStatus.Active, null, onlyFrom: IntegrationStatus.Pending, cancellationToken);
        logger.LogInformation("The operator assigned {Platform} account {AccountId} to integration {IntegrationId}", platform, account, integrationId);
        return ClaimAssignment.Assigned;
    }

    private async Task<IntegrationRecord?> SetStatusAsync(string integrationId, IntegrationStatus status, string? reason, IntegrationStatus? onlyFrom, CancellationToken cancellationToken)
    {
        var updated = await readModel.UpdateAsync<IntegrationRecord>(IntegrationReadModelKeys.Integration(integrationId), current =>
            current is null || (onlyFrom is { } from && current.Status != from) || (current.Status == status && current.StatusReason == reason)
                ? null
                : current with { Status = status, StatusReason = reason, UpdatedAt = clock.GetUtcNow() },
            cancellationToken: cancellationToken);
        if (updated is not null)
        {
            await AnnounceAsync(updated, IntegrationChangeKind.Updated, cancellationToken);
        }

        return updated ?? (await readModel.GetAsync<IntegrationRecord>(IntegrationReadModelKeys.Integration(integrationId), cancellationToken))?.Value;
    }

    /// <summary>
    /// Claims the account's route for the integration (first write wins; holding it already is fine). A refused
    /// claim is decided by reading the key, as the state store's first-write semantics require.
    /// </summary>
    /// <returns>The other integration that holds the account, or null when this one holds it now.</returns>
    private async Task<string?> TakeAccountAsync(string platform, string account, string integrationId, CancellationToken cancellationToken)
    {
        var key = IntegrationReadModelKeys.Route(platform, account);
        if (await readModel.TryClaimAsync(key, integrationId, TimeSpan.Zero, cancellationToken))
        {
            return null;
        }

        return (await readModel.GetAsync<string>(key, cancellationToken))?.Value is { } holder && holder != integrationId ? holder : null;
    }

    private async Task<bool> HoldsAsync(IChannelAdapter adapter, string account, string integrationId, CancellationToken cancellationToken) =>
        await ClaimHolderAsync(adapter.Descriptor.Platform, account, cancellationToken) == integrationId;

    /// <summary>Deletes the account's route only when it is this integration's, so a pending squatter cannot remove the owner's.</summary>
    private async Task ReleaseIfHeldAsync(IChannelAdapter adapter, string account, string integrationId, CancellationToken cancellationToken)
    {
        var key = IntegrationReadModelKeys.Route(adapter.Descriptor.Platform, account);
        var holder = await readModel.GetAsync<string>(key, cancellationToken);
        if (holder?.Value == integrationId)
        {
            try
            {
                await readModel.DeleteAsync(key, holder.ETag, cancellationToken);
            }
            catch (StateConcurrencyException)
            {
                // Someone else's since it was read: not ours to delete.
            }
        }
    }

    /// <summary>The platform account the integration is for (the value app-level webhooks are routed by), if the platform has one.</summary>
    private static string? AccountOf(IChannelAdapter adapter, IReadOnlyDictionary<string, string> config) =>
        adapter.Descriptor.AccountField is { } field && config.TryGetValue(field, out var account) && !string.IsNullOrEmpty(account) ? account : null;

    private static string UnprovenReason(IChannelAdapter adapter, string account) =>
        $"Waiting for a credential test to prove these credentials control {adapter.Descriptor.AccountField} {account}.";

    /// <summary>The integration's credentials as entered, without those its secret references provide.</summary>
    private async Task<IReadOnlyDictionary<string, string>> CurrentCredentialsAsync(IntegrationRecord record, CancellationToken cancellationToken)
    {
        var entered = new Dictionary<string, string>((await directory.ResolveAsync(record, cancellationToken)).Channel.Credentials);
        foreach (var field in record.SecretRefs.Keys)
        {
            entered.Remove(field);
        }

        return entered;
    }

    private async Task<IntegrationRecord> WithCredentialsAsync(IntegrationRecord record, IChannelAdapter adapter, IReadOnlyDictionary<string, string> credentials, CancellationToken cancellationToken)
    {
        var prepared = Prepare(adapter, new IntegrationDraft(record.Platform, record.Name, record.Config, credentials, record.SecretRefs, record.Bot));
        return record with
        {
            Credentials = await protector.ProtectAsync(record.Id, prepared, cancellationToken),
            CredentialMask = CredentialMask.MaskAll(prepared),
            // Another token, another lifetime: unknown until the next test or refresh reads it.
            CredentialStatus = record.CredentialStatus is { } known ? known with { TokenExpiresAt = null, TokenNeverExpires = false } : null,
        };
    }

    /// <summary>The values the gateway generated because the tenant left them empty: shown once, never again.</summary>
    private static IReadOnlyDictionary<string, string> Generated(IChannelAdapter adapter, IReadOnlyDictionary<string, string> entered, IReadOnlyDictionary<string, string> prepared) =>
        adapter.Descriptor.CredentialFields
            .Where(f => f.Generated && prepared.ContainsKey(f.Name) && (!entered.TryGetValue(f.Name, out var given) || string.IsNullOrWhiteSpace(given)))
            .ToDictionary(f => f.Name, f => prepared[f.Name]);

    /// <summary>A secret reference names a credential field of the platform (or the bot's key) and a secret the operator granted the tenant.</summary>
    private async Task ValidateSecretRefsAsync(string tenantId, IChannelAdapter adapter, IReadOnlyDictionary<string, string> secretRefs, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, name) in secretRefs)
        {
            if (!adapter.Descriptor.CredentialFields.Any(f => f.Name == field) && field != BotSettings.ApiKeyCredential)
            {
                errors["secretRefs." + field] = [$"Not a credential of {adapter.Descriptor.Platform}."];
            }
            else if (await secretReferences.RefusalAsync(tenantId, name ?? "", cancellationToken) is { } refusal)
            {
                errors["secretRefs." + field] = [refusal];
            }
        }

        if (errors.Count > 0)
        {
            throw new IntegrationValidationException(errors);
        }
    }

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

        foreach (var (name, value) in draft.Credentials)
        {
            if (value is null)
            {
                errors["credentials." + name] = ["A credential is a string; leave it out rather than send null."];
            }
        }

        BotSettingsValidation.AddErrors(draft.Bot, errors);
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
