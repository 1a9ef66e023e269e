namespace DaprChannels.BuildingBlocks.Embedded;

/// <summary>
/// A subscription as the embedded queue knows it: <see cref="Queue"/> is the consumer name stored on its
/// rows, so every process registering the same subscription (same app id and consumer) competes for them.
/// </summary>
internal sealed record EmbeddedSubscription(Subscription Subscription, string Queue)
{
    public string Topic => Subscription.Topic;

    public string? DeadLetterTopic => Subscription.DeadLetterTopic;

    public static IReadOnlyList<EmbeddedSubscription> From(IEnumerable<Subscription> subscriptions, string? appId)
    {
        var list = subscriptions.ToList();
        var result = new List<EmbeddedSubscription>(list.Count);
        foreach (var subscription in list)
        {
            var queue = string.IsNullOrWhiteSpace(appId) ? subscription.Consumer : $"{appId}/{subscription.Consumer}";

            // Two handlers of one consumer on one topic each get every event, so each needs its own queue.
            if (list.Count(s => s.Topic == subscription.Topic && s.Consumer == subscription.Consumer) > 1)
            {
                queue += "/" + subscription.HandlerType.Name;
            }

            result.Add(new EmbeddedSubscription(subscription, queue));
        }

        return result;
    }
}
