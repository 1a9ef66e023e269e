namespace DaprChannels.IntegrationAdmin.DeadLetters;

/// <summary>
/// The subscriptions whose dead-letter topics IntegrationAdmin records under Dapr, by dead-letter topic:
/// every (topic, app) of <see cref="TopicSubscribers"/>. A host running several services under one app id
/// of its own (the AllInOne host) dead-letters to that app's topics, so those are recorded too.
/// </summary>
public sealed class DeadLetterSources
{
    private readonly Dictionary<string, TopicSubscriber> _byDeadLetterTopic;

    public DeadLetterSources(string hostAppId)
    {
        var sources = TopicSubscribers.All.ToList();
        if (!AppIds.All.Contains(hostAppId))
        {
            sources.AddRange(TopicSubscribers.All.Select(s => s.Topic).Distinct().Select(topic => new TopicSubscriber(topic, hostAppId)));
        }

        _byDeadLetterTopic = sources.DistinctBy(s => s.DeadLetterTopic).ToDictionary(s => s.DeadLetterTopic, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<TopicSubscriber> All => _byDeadLetterTopic.Values;

    public TopicSubscriber? Find(string deadLetterTopic) => _byDeadLetterTopic.GetValueOrDefault(deadLetterTopic);
}
