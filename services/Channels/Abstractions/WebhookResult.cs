namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// What registering or removing a webhook at the platform did (<see cref="IChannelLifecycle.RegisterWebhookAsync"/>,
/// <see cref="IWebhookRemoval.RemoveWebhookAsync"/>).
/// </summary>
/// <param name="Ok">The step did not fail: done, or left to be done by hand.</param>
/// <param name="Summary">What was done, or what went wrong, or what to do by hand; never a credential.</param>
/// <param name="ByHand">
/// Nothing was done at the platform and the step is no failure: the platform refused the call to this token (a
/// permission it lacks) or the call does not apply; <see cref="Summary"/> says what to do by hand.
/// </param>
public sealed record WebhookResult(bool Ok, string Summary, IReadOnlyDictionary<string, string>? Details = null, bool ByHand = false)
{
    public static WebhookResult Done(string summary, IReadOnlyDictionary<string, string>? details = null) => new(true, summary, details);

    public static WebhookResult Failed(string summary, IReadOnlyDictionary<string, string>? details = null) => new(false, summary, details);

    public static WebhookResult LeftToHand(string summary, IReadOnlyDictionary<string, string>? details = null) => new(true, summary, details, ByHand: true);
}
