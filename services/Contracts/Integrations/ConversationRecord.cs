namespace DaprChannels.Contracts.Integrations;

public enum ConversationMode
{
    Bot,
    Human,
}

/// <summary>
/// A conversation between one contact and one integration, written and read by the Normalizer alone; what other
/// services need of it travels on <c>inbound.message</c>.
/// </summary>
/// <param name="ModeChangedAt">When <see cref="Mode"/> was last set by a person's action; null while the bot has it from the start.</param>
public sealed record ConversationRecord(
    string Id,
    string TenantId,
    string IntegrationId,
    string Platform,
    string ChannelAddress,
    string ContactId,
    ContactRef Contact,
    ConversationMode Mode,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastInboundAt,
    int MessageCount,
    DateTimeOffset? ModeChangedAt = null);
