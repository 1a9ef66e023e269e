namespace DaprChannels.Normalizer;

/// <summary>
/// The keys the Normalizer alone writes and reads. What later stages need of a conversation rides on
/// <c>inbound.message</c>; no other service reads these.
/// </summary>
public static class NormalizerStateKeys
{
    /// <summary>A conversation between one contact and one integration, with its mode (bot or a person).</summary>
    public static string Conversation(string conversationId) => $"conversation:{conversationId}";

    public static string MessageClaim(string integrationId, string platformMessageId) => $"dedup:message:{integrationId}:{platformMessageId}";

    /// <summary>
    /// A lead's read from its platform and publication, once per lead id: leased while one worker reads it,
    /// done once its event is published.
    /// </summary>
    public static string LeadCapture(string integrationId, string leadId) => $"dedup:message:{integrationId}:lead:{leadId}";
}
