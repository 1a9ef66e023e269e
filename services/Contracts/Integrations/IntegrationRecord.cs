namespace DaprChannels.Contracts.Integrations;

public enum IntegrationStatus
{
    Active,
    NeedsReauthorization,
    Disabled,

    /// <summary>
    /// Not yet shown to control its platform account: no credential test has proven it, or another integration
    /// holds the account. It receives nothing until then.
    /// </summary>
    Pending,

    /// <summary>
    /// Disconnected by its tenant: the platform no longer delivers to it (its webhook was removed where the platform
    /// allows) and it holds no platform account. It keeps its settings and credentials so that it can be connected again.
    /// </summary>
    Disconnected,
}

/// <summary>
/// A tenant's connection to one platform account, as IntegrationAdmin stores it under
/// <see cref="IntegrationReadModelKeys.Integration"/>. Credentials are only ever stored envelope-encrypted.
/// </summary>
/// <param name="CredentialMask">The credential field names with masked values, for display.</param>
/// <param name="SecretRefs">Credential fields provided by the platform team's secret store instead of a value: field → secret name.</param>
/// <param name="CredentialStatus">The last credential test and token refresh, and the token's next expiry.</param>
public sealed record IntegrationRecord(
    string Id,
    string TenantId,
    string Platform,
    string Name,
    IntegrationStatus Status,
    IReadOnlyDictionary<string, string> Config,
    EncryptedPayload? Credentials,
    IReadOnlyDictionary<string, string> CredentialMask,
    IReadOnlyDictionary<string, string> SecretRefs,
    BotSettings Bot,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? StatusReason = null,
    CredentialStatus? CredentialStatus = null);

/// <summary>AES-256-GCM ciphertext whose data key is wrapped by the key-encryption key <see cref="KeyId"/>.</summary>
public sealed record EncryptedPayload(
    string KeyId,
    string WrappedKey,
    string Nonce,
    string Ciphertext,
    string Tag);
