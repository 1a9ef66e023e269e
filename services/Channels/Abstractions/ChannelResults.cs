using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Abstractions;

public enum SendStatus
{
    Sent,

    /// <summary>Worth retrying later (rate limits, 5xx, timeouts); <see cref="SendResult.RetryAfter"/> when the platform said.</summary>
    Transient,

    /// <summary>Will fail again (bad recipient, content refused, outside the messaging window).</summary>
    Permanent,

    /// <summary>The credentials were refused; the integration needs re-authorization.</summary>
    Unauthorized,
}

public sealed record SendResult(
    SendStatus Status,
    string? PlatformMessageId = null,
    string? ErrorCode = null,
    string? Reason = null,
    TimeSpan? RetryAfter = null,
    IReadOnlyList<string>? Degradations = null)
{
    public static SendResult Sent(string? platformMessageId, IReadOnlyList<string>? degradations = null) =>
        new(SendStatus.Sent, platformMessageId, Degradations: degradations);
}

/// <param name="ExpiresAt">When the token stops working, when the platform said.</param>
/// <param name="NeverExpires">The platform said the token has no expiry (a system-user or Page token).</param>
/// <param name="CredentialsRefused">The platform refused the credentials themselves: the integration needs re-authorization.</param>
/// <param name="ProvenAccount">
/// The platform account (the <see cref="ChannelDescriptor.AccountField"/> value) the credentials were shown to
/// control: the platform answered for it as the token's own. Null when the test proved no account; only a
/// proven account may be claimed for app-level routing.
/// </param>
/// <param name="Unanswered">
/// The platform could not be asked (unreachable, a server error, rate limited): the credentials are neither proven
/// nor refused, and asking again later may answer.
/// </param>
public sealed record CredentialTestResult(
    bool Ok,
    string Summary,
    IReadOnlyDictionary<string, string>? Details = null,
    DateTimeOffset? ExpiresAt = null,
    bool NeverExpires = false,
    bool CredentialsRefused = false,
    string? ProvenAccount = null,
    bool Unanswered = false);

/// <param name="ExpiresAt">When the token (the new one, when refreshed) stops working, when known.</param>
/// <param name="NeverExpires">Nothing to refresh: the platform said the token has no expiry.</param>
/// <param name="CredentialsRefused">The token is already invalid (expired or revoked): only re-authorization helps.</param>
public sealed record TokenRefreshResult(
    bool Refreshed,
    string Summary,
    IReadOnlyDictionary<string, string>? UpdatedCredentials = null,
    DateTimeOffset? ExpiresAt = null,
    bool NeverExpires = false,
    bool CredentialsRefused = false);

/// <summary>Fields an adapter needs, for validation and the platform catalog.</summary>
/// <param name="Generated">
/// The gateway generates the value when it is left empty (a webhook verify token); the tenant is shown it once,
/// in the answer that created or rotated it, because it must be entered in the platform's dashboard.
/// </param>
/// <param name="PreviousField">Where a rotated value goes so it keeps working until removed (Telegram's previous secret token); null when rotation replaces it outright.</param>
public sealed record ChannelField(string Name, bool Required, bool Secret, string Description, bool Generated = false, string? PreviousField = null);

/// <summary>What a platform's integration is made of.</summary>
/// <param name="AccountField">
/// The config field naming the platform account (a phone number id, a page id) that shared,
/// app-level webhooks are routed by; null for platforms with one webhook URL per integration only.
/// </param>
public sealed record ChannelDescriptor(
    string Platform,
    string DisplayName,
    IReadOnlyList<ChannelField> ConfigFields,
    IReadOnlyList<ChannelField> CredentialFields,
    string? AccountField = null);

/// <summary>A canonical message turned into what the platform will accept, ready to send.</summary>
public sealed record RenderedMessage(MessageContent Content, IReadOnlyList<string> Degradations);
