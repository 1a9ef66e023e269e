using DaprChannels.BuildingBlocks;

namespace DaprChannels.Integrations;

/// <summary>
/// Conversation and contact ids follow from the integration and the platform's address, so every
/// replica resolves the same conversation without a lookup table or a race to create one.
/// </summary>
public static class ConversationIds
{
    public static string Conversation(string integrationId, string channelAddress) => StableId.From("conv_", integrationId, channelAddress);

    public static string Contact(string integrationId, string platformUserId) => StableId.From("ct_", integrationId, platformUserId);

    public static string InboundMessage(string integrationId, string platformMessageId) => StableId.From("in_", integrationId, platformMessageId);

    public static string Status(string integrationId, string platformMessageId, string status) => StableId.From("st_", integrationId, platformMessageId, status);

    public static string Lead(string integrationId, string leadId) => StableId.From("lead_", integrationId, leadId);
}
