namespace DaprChannels.Normalizer;

/// <summary>Bound from the <c>Normalizer</c> configuration section.</summary>
public sealed class NormalizerOptions
{
    public const string Section = "Normalizer";

    /// <summary>How long a platform message id is remembered, longer than any platform's retry window.</summary>
    public TimeSpan MessageDedupWindow { get; set; } = TimeSpan.FromDays(8);

    /// <summary>
    /// How long a worker reading a lead from its platform holds the lead before another may take it over.
    /// As long as the platform client's timeout (a read in progress is not taken over), and no longer
    /// than the queue's own lease, so a delivery redelivered after its worker crashed finds it lapsed.
    /// </summary>
    public TimeSpan LeadReadLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An idle conversation's record expires after this long.</summary>
    public TimeSpan ConversationRetention { get; set; } = TimeSpan.FromDays(90);
}
