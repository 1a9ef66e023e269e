namespace DaprChannels.Contracts.Integrations;

/// <summary>One run of a credential test or token refresh against the platform. Details never hold a secret.</summary>
public sealed record CredentialCheckRun(
    DateTimeOffset At,
    bool Ok,
    string Summary,
    IReadOnlyDictionary<string, string>? Details = null);

/// <summary>
/// What IntegrationAdmin knows of an integration's credentials: the last test, the last refresh,
/// and when the token stops working. Expiry unknown is <see cref="TokenExpiresAt"/> null with
/// <see cref="TokenNeverExpires"/> false; it is forgotten whenever the credentials change.
/// </summary>
public sealed record CredentialStatus(
    CredentialCheckRun? LastTest = null,
    CredentialCheckRun? LastRefresh = null,
    DateTimeOffset? TokenExpiresAt = null,
    bool TokenNeverExpires = false)
{
    public bool ExpiryKnown => TokenExpiresAt is not null || TokenNeverExpires;

    /// <summary>The token is worth refreshing: it expires before <paramref name="horizonEnd"/>, or nobody knows when.</summary>
    public bool ExpiresBefore(DateTimeOffset horizonEnd) => !TokenNeverExpires && (TokenExpiresAt is null || TokenExpiresAt <= horizonEnd);
}
