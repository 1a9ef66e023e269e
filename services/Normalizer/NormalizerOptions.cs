namespace DaprChannels.Normalizer;

/// <summary>Bound from the <c>Normalizer</c> configuration section.</summary>
public sealed class NormalizerOptions
{
    public const string Section = "Normalizer";

    /// <summary>How long a platform message id is remembered, longer than any platform's retry window.</summary>
    public TimeSpan MessageDedupWindow { get; set; } = TimeSpan.FromDays(8);

    /// <summary>An idle conversation's record expires after this long.</summary>
    public TimeSpan ConversationRetention { get; set; } = TimeSpan.FromDays(90);
}
