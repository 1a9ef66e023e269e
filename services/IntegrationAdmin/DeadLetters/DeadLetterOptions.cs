namespace DaprChannels.IntegrationAdmin.DeadLetters;

/// <summary>Bound from <c>IntegrationAdmin:DeadLetters</c>: how much of what daprd dead-letters is kept for the operator.</summary>
public sealed class DeadLetterOptions
{
    public const string Section = "IntegrationAdmin:DeadLetters";

    /// <summary>The newest this many dead letters of each dead-letter topic are listed; older ones are let go.</summary>
    public int MaxPerTopic { get; set; } = 1000;

    /// <summary>How long a dead letter is kept after it was recorded.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(14);
}
