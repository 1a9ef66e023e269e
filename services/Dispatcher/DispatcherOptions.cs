namespace DaprChannels.Dispatcher;

/// <summary>Bound from the <c>Dispatcher</c> configuration section.</summary>
public sealed class DispatcherOptions
{
    public const string Section = "Dispatcher";

    /// <summary>Messages per second per integration, by platform; a platform not listed is not limited here.</summary>
    public Dictionary<string, double> RateLimits { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["telegram"] = 30,
        ["whatsapp"] = 80,
        ["messenger"] = 40,
        ["instagram"] = 40,
        ["360dialog"] = 40,
    };

    /// <summary>
    /// Longest a send waits for its integration's rate limit before the event is retried later. Keep
    /// it well under the queue's lease (<c>BuildingBlocks:Embedded:LeaseDuration</c>), or a waiting
    /// event is handed to another worker.
    /// </summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest a platform's retry-after is honoured in place; longer ones go back to the queue's backoff.</summary>
    public TimeSpan MaxInlineRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long one worker holds an outbound id while sending it. Longer than the slowest platform
    /// call; after a crash the id is sent again once this lapses.
    /// </summary>
    public TimeSpan SendLockDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a send record is kept to recognise a redelivered outbound message.</summary>
    public TimeSpan SendRecordRetention { get; set; } = TimeSpan.FromDays(8);

    /// <summary>
    /// How long before a channel's customer-service window ends it is treated as closed, so a message
    /// sent at the last moment does not reach the platform after the window and get refused there.
    /// </summary>
    public TimeSpan CustomerServiceWindowMargin { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How old a read mark or typing indicator may be and still be shown; older ones are skipped. WhatsApp
    /// clears a typing indicator after 25 seconds and Messenger after 20, and the reply usually follows within seconds.
    /// </summary>
    public TimeSpan MaxSignalAge { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the Dispatcher remembers when a contact last wrote; longer than the longest customer-service
    /// window (Messenger's human-agent window of 7 days).
    /// </summary>
    public TimeSpan MessagingWindowRetention { get; set; } = TimeSpan.FromDays(8);
}
