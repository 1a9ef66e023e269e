namespace DaprChannels.Contracts.Integrations;

/// <summary>A message a platform or admin UI asked to send through the admin API (key <c>api-message:{id}</c>).</summary>
public sealed record ApiMessageRecord(string Id, string TenantId, string IntegrationId, string ChannelAddress, DateTimeOffset AcceptedAt);
