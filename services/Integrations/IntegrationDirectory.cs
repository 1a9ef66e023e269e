using System.Collections.Concurrent;
using DaprChannels.BuildingBlocks.Secrets;
using DaprChannels.BuildingBlocks.State;
using DaprChannels.Channels.Abstractions;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Integrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DaprChannels.Integrations;

/// <summary>An integration as the pipeline uses it: its stored record and its decrypted credentials.</summary>
public sealed record ResolvedIntegration(IntegrationRecord Record, ChannelIntegration Channel);

/// <summary>
/// The read side of integrations for Ingress, Normalizer, BotResponder and Dispatcher. Decrypted
/// integrations are cached for a short while (they are read on every webhook); an
/// <c>integration.changed</c> event drops the entry at once in the replica that receives it, and the
/// expiry bounds how long any other replica can lag.
/// </summary>
public sealed class IntegrationDirectory(
    [FromKeyedServices(StateStores.IntegrationReadModel)] IStateStore readModel,
    ISecretStore secrets,
    CredentialProtector protector,
    SecretReferencePolicy secretReferences,
    TimeProvider clock,
    IOptions<DaprChannelsOptions> options,
    ILogger<IntegrationDirectory> logger)
{
    private readonly ConcurrentDictionary<string, CacheEntry> _cache = new();

    public async Task<ResolvedIntegration?> FindAsync(string integrationId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(integrationId, out var cached) && cached.ExpiresAt > now)
        {
            return cached.Value;
        }

        var item = await readModel.GetAsync<IntegrationRecord>(IntegrationReadModelKeys.Integration(integrationId), cancellationToken);
        var resolved = item is null ? null : await ResolveAsync(item.Value, cancellationToken);
        _cache[integrationId] = new CacheEntry(resolved, now + options.Value.IntegrationCacheDuration);
        return resolved;
    }

    /// <summary>
    /// The integration that holds a platform account (a Page, a phone number id, a WhatsApp Business Account), for
    /// deliveries an app-level webhook routes by the account inside the payload; null when none holds it. The
    /// route is read from the read model on each call (IntegrationAdmin moves it when an account changes hands);
    /// the integration itself comes through the cache.
    /// </summary>
    public async Task<ResolvedIntegration?> FindByRouteAsync(string platform, string accountId, CancellationToken cancellationToken = default)
    {
        var route = await readModel.GetAsync<string>(IntegrationReadModelKeys.Route(platform, accountId), cancellationToken);
        return route is null ? null : await FindAsync(route.Value, cancellationToken);
    }

    public void Invalidate(string integrationId) => _cache.TryRemove(integrationId, out _);

    public async Task<ResolvedIntegration> ResolveAsync(IntegrationRecord record, CancellationToken cancellationToken = default)
    {
        var credentials = record.Credentials is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string>(await protector.UnprotectAsync(record.Id, record.Credentials, cancellationToken));
        foreach (var (field, secretName) in record.SecretRefs)
        {
            // Checked again on use: a grant may have been revoked, or the record written before grants existed.
            if (await secretReferences.RefusalAsync(record.TenantId, secretName, cancellationToken) is { } refusal)
            {
                logger.LogWarning("Integration {IntegrationId}: the secret reference of {Field} is refused and left unresolved: {Reason}", record.Id, field, refusal);
                continue;
            }

            var value = await secrets.GetSecretValueAsync(secretName, field, cancellationToken)
                        ?? await secrets.GetSecretValueAsync(secretName, null, cancellationToken);
            if (value is not null)
            {
                credentials[field] = value;
            }
        }

        return new ResolvedIntegration(
            record,
            new ChannelIntegration(record.Id, record.TenantId, record.Platform, record.Config, credentials));
    }

    private sealed record CacheEntry(ResolvedIntegration? Value, DateTimeOffset ExpiresAt);
}
