using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// A channel whose webhooks announce leads by id only (Facebook Lead Ads): the lead's answers are
/// fetched from the platform before the lead is published.
/// </summary>
public interface ILeadSource : IChannelAdapter
{
    /// <summary>Completes <paramref name="announced"/> (ids only) with the lead's fields and mapped contact.</summary>
    Task<LeadFetchResult> FetchLeadAsync(ChannelIntegration integration, CanonicalLead announced, CancellationToken cancellationToken);
}

public enum LeadFetchStatus
{
    Ok,

    /// <summary>Deleted, or not visible to this token: will not change on a retry.</summary>
    NotFound,

    Unauthorized,

    /// <summary>Rate limited (LeadGen throttle 80005), 5xx, timeout.</summary>
    Transient,
}

public sealed record LeadFetchResult(LeadFetchStatus Status, CanonicalLead? Lead = null, string? ErrorCode = null, string? Reason = null, TimeSpan? RetryAfter = null);
