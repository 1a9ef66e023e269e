namespace DaprChannels.Contracts;

/// <summary>One app's subscription to one topic, and the dead-letter topic that subscription has.</summary>
public sealed record TopicSubscriber(string Topic, string AppId)
{
    public string DeadLetterTopic => Topics.DeadLetterOf(Topic, AppId);
}

/// <summary>
/// Who subscribes to what, for the one service that must know the others' subscriptions: IntegrationAdmin
/// records every app's dead letters under Dapr and learns their topics here. The services declare their
/// subscriptions in their own code; a test keeps this table equal to those declarations.
/// </summary>
public static class TopicSubscribers
{
    public static readonly IReadOnlyList<TopicSubscriber> All =
    [
        .. AppIds.All.Select(app => new TopicSubscriber(Topics.IntegrationChanged, app)),
        new(Topics.InboundRaw, AppIds.Normalizer),
        new(Topics.InboundMessage, AppIds.BotResponder),
        // The Dispatcher's own view of when each contact last wrote (the customer-service window).
        new(Topics.InboundMessage, AppIds.Dispatcher),
        // The Normalizer owns the conversation, and so its mode.
        new(Topics.ConversationMode, AppIds.Normalizer),
        // Ingress owns the widget visitors' mailboxes.
        new(Topics.WidgetReply, AppIds.Ingress),
        // The messages API's own view of what became of a sent message.
        new(Topics.OutboundStatus, AppIds.IntegrationAdmin),
        new(Topics.OutboundMessage, AppIds.Dispatcher),
        // The Dispatcher records the failure of a message that ran out of attempts.
        new(Topics.DeadLetterOf(Topics.OutboundMessage, AppIds.Dispatcher), AppIds.Dispatcher),
        new(Topics.InboundStatus, AppIds.Dispatcher),
        new(Topics.OutboundAction, AppIds.Dispatcher),
        new(Topics.OutboundResult, AppIds.IntegrationAdmin),
        new(Topics.InboundLead, AppIds.IntegrationAdmin),
    ];
}
