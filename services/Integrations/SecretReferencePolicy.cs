using System.Collections.Concurrent;
using DaprChannels.BuildingBlocks.State;
using DaprChannels.Channels.Abstractions;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Integrations;
using Microsoft.Extensions.DependencyInjection;

namespace DaprChannels.Integrations;

/// <summary>Bound from <c>DaprChannels:SecretReferences</c>.</summary>
public sealed class SecretReferenceOptions
{
    public const string Section = "DaprChannels:SecretReferences";

    /// <summary>Further names no tenant may reference, nor be granted, beside the platform's own (a name ending in <c>*</c> reserves a prefix).</summary>
    public List<string> Reserved { get; set; } = [];
}

/// <summary>
/// Decides which secret-store entries a tenant's integration may name in <c>secretRefs</c>. A secret reference
/// is resolved with the platform's own identity, so without this a tenant could name the operator key, the
/// key-encryption key, an app-level webhook secret or any environment variable of the host and have it sent to
/// an endpoint of its choosing. A name passes only when the operator granted it to that tenant and it is not
/// reserved; reserved names can never be granted. Checked when an integration is saved and again each time
/// its credentials are resolved, so a revoked grant takes effect within the cache duration.
/// </summary>
public sealed class SecretReferencePolicy(
    [FromKeyedServices(StateStores.IntegrationReadModel)] IStateStore readModel,
    TimeProvider clock,
    IOptions<SecretReferenceOptions> options,
    IOptions<DaprChannelsOptions> channelOptions,
    IEnumerable<IAppLevelWebhook> appLevelWebhooks)
{
    public const int MaxNameLength = 256;

    /// <summary>Grants shorter than this before their <c>*</c> would open too much at once.</summary>
    public const int MinPrefixLength = 3;

    /// <summary>
    /// Configuration sections and environment prefixes of this host: under embedded mode a secret name also reads
    /// the environment (<c>a:b</c> as <c>a__b</c>), where the operator key, tokens and connection strings live.
    /// </summary>
    private static readonly string[] ConfigurationSections =
    [
        "DaprChannels", "BuildingBlocks", "Channels", "Ingress", "Normalizer", "BotResponder", "Dispatcher", "IntegrationAdmin",
        "ConnectionStrings", "Kestrel", "Logging", "AllowedHosts", "Urls",
    ];

    private static readonly string[] EnvironmentPrefixes = ["ASPNETCORE_", "DOTNET_", "DAPR_", "APP_", "OTEL_", "NUGET_", "KUBERNETES_"];

    /// <summary>Every secret the platform itself reads: its own, and those of each family's app-level webhook.</summary>
    private readonly string[] _platformOwned =
        [.. SecretNames.PlatformOwned, .. appLevelWebhooks.SelectMany(webhook => webhook.Secrets).Select(secret => secret.Name)];

    private readonly ConcurrentDictionary<string, (SecretGrants Grants, DateTimeOffset ExpiresAt)> _cache = new(StringComparer.Ordinal);

    /// <summary>Why <paramref name="name"/> can never be referenced, or null when it may be granted.</summary>
    public string? ReservedReason(string name)
    {
        var normalized = Normalize(name);
        if (_platformOwned.Any(owned => IsOrIsUnder(normalized, owned)))
        {
            return "It is one of the platform's own secrets.";
        }

        if (ConfigurationSections.Any(section => IsOrIsUnder(normalized, section))
            || EnvironmentPrefixes.Any(prefix => normalized.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
        {
            return "It names the gateway's own configuration.";
        }

        if (options.Value.Reserved.Any(reserved => reserved.EndsWith('*')
                ? normalized.StartsWith(Normalize(reserved[..^1]), StringComparison.OrdinalIgnoreCase)
                : IsOrIsUnder(normalized, Normalize(reserved))))
        {
            return "The operator reserved it.";
        }

        return null;
    }

    /// <summary>Why an operator may not grant <paramref name="grant"/>, or null when it is a valid grant.</summary>
    public string? InvalidGrantReason(string grant)
    {
        if (string.IsNullOrWhiteSpace(grant) || grant.Length > MaxNameLength || grant.Any(char.IsControl))
        {
            return $"A grant is 1 to {MaxNameLength} printable characters.";
        }

        var prefix = grant.EndsWith('*') ? grant[..^1] : grant;
        if (prefix.Contains('*'))
        {
            return "Only a trailing '*' is allowed.";
        }

        if (grant.EndsWith('*') && prefix.Length < MinPrefixLength)
        {
            return $"A prefix grant needs at least {MinPrefixLength} characters before '*'.";
        }

        // A prefix grant may not cover a reserved name either: "dapr-*" would take in "dapr-channels".
        var reserved = ReservedReason(prefix);
        if (reserved is null && grant.EndsWith('*'))
        {
            reserved = _platformOwned.Concat(ConfigurationSections).Concat(EnvironmentPrefixes)
                .Any(name => Normalize(name).StartsWith(Normalize(prefix), StringComparison.OrdinalIgnoreCase))
                ? "It would take in the platform's own secrets or configuration."
                : null;
        }

        return reserved;
    }

    /// <summary>Why <paramref name="tenantId"/> may not reference <paramref name="name"/>, or null when it may.</summary>
    public async Task<string?> RefusalAsync(string tenantId, string name, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            return $"A secret name is 1 to {MaxNameLength} printable characters.";
        }

        if (ReservedReason(name) is { } reserved)
        {
            return $"This secret may not be referenced: {reserved}";
        }

        var grants = await GrantsAsync(tenantId, cancellationToken);
        return grants.Names.Any(grant => Covers(grant, name))
            ? null
            : "The operator has not granted this tenant that secret (PUT /api/v1/tenants/{tenantId}/secret-grants).";
    }

    public async Task<SecretGrants> GrantsAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(tenantId, out var cached) && cached.ExpiresAt > now)
        {
            return cached.Grants;
        }

        var grants = (await readModel.GetAsync<SecretGrants>(IntegrationReadModelKeys.SecretGrants(tenantId), cancellationToken))?.Value ?? SecretGrants.None;
        _cache[tenantId] = (grants, now + channelOptions.Value.IntegrationCacheDuration);
        return grants;
    }

    /// <summary>Drops this replica's copy of a tenant's grants after they changed.</summary>
    public void Invalidate(string tenantId) => _cache.TryRemove(tenantId, out _);

    private static bool Covers(string grant, string name) =>
        grant.EndsWith('*') ? name.StartsWith(grant[..^1], StringComparison.Ordinal) : string.Equals(grant, name, StringComparison.Ordinal);

    /// <summary>The secret stores read <c>a:b</c> and the environment <c>a__b</c>; both spellings are one name here.</summary>
    private static string Normalize(string name) => name.Trim().Replace("__", ":", StringComparison.Ordinal);

    private static bool IsOrIsUnder(string name, string owned) =>
        string.Equals(name, owned, StringComparison.OrdinalIgnoreCase)
        || (name.Length > owned.Length && name.StartsWith(owned, StringComparison.OrdinalIgnoreCase) && name[owned.Length] is ':' or '/' or '.');
}
