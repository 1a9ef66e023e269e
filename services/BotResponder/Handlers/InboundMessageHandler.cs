using DaprChannels.BotResponder.Bots;
using DaprChannels.BuildingBlocks;
using DaprChannels.BuildingBlocks.PubSub;
using DaprChannels.Channels.Abstractions;
using DaprChannels.Contracts;
using DaprChannels.Integrations;
using Microsoft.Extensions.Logging;

namespace DaprChannels.BotResponder.Handlers;

/// <summary>
/// Answers a customer's message with the integration's bot, unless the message is an echo or edit
/// or a person has taken the conversation over. Reply ids follow from the inbound event id, so a
/// redelivered message produces the same outbound ids and the Dispatcher sends them once. Before the
/// bot runs, the message is marked as read and a typing indicator requested (as the integration's
/// bot settings allow), so the contact sees them while the answer is being prepared. Whether a person has the
/// conversation comes on the event (<see cref="InboundMessageReceived.Mode"/>), from the Normalizer that owns it. A button press
/// on a channel that wants every press acknowledged gets its acknowledgement requested first of all,
/// also when no bot answers it (none configured, or a person has the conversation). A bot endpoint
/// the outbound-URL policy refuses drops the message at once instead of retrying it.
/// </summary>
public sealed class InboundMessageHandler(
    IntegrationDirectory integrations,
    IEnumerable<IBot> bots,
    ChannelRegistry channels,
    IEventPublisher publisher,
    TimeProvider clock,
    ILogger<InboundMessageHandler> logger) : IEventHandler<InboundMessageReceived>
{
    public async Task<HandlerResult> HandleAsync(InboundMessageReceived inbound, EventContext context, CancellationToken cancellationToken)
    {
        if (inbound.Message.IsEcho || inbound.Message.IsEdit)
        {
            return HandlerResult.Success;
        }

        var integration = await integrations.FindAsync(inbound.IntegrationId, cancellationToken);
        if (integration is null)
        {
            return HandlerResult.Success;
        }

        // Whoever answers a button press, and even when nothing does, the platform shows it loading until acknowledged.
        await AcknowledgeInteractionAsync(inbound, cancellationToken);
        if (integration.Record.Bot.Kind == BotKinds.None)
        {
            return HandlerResult.Success;
        }

        if (inbound.Mode == ConversationMode.Human)
        {
            logger.LogDebug("Conversation {ConversationId} is with a person; the bot stays quiet", inbound.ConversationId);
            return HandlerResult.Success;
        }

        var bot = bots.FirstOrDefault(b => b.Kind == integration.Record.Bot.Kind)
                  ?? throw new PoisonEventException($"Unknown bot kind '{integration.Record.Bot.Kind}'.");
        await RequestSignalsAsync(inbound, integration.Record.Bot, cancellationToken);
        IReadOnlyList<MessageContent> replies;
        try
        {
            replies = await bot.ReplyAsync(new BotRequest(inbound, integration.Record.Bot, integration.Channel.Credentials), cancellationToken);
        }
        catch (Exception ex) when (OutboundRefusedException.Find(ex) is { } refused)
        {
            // The same endpoint would be refused on every redelivery: drop to the dead letters with the reason.
            throw new PoisonEventException($"The {integration.Record.Bot.Kind} bot of integration {inbound.IntegrationId} was not used for message {inbound.Id}: {refused.Message}");
        }

        if (replies.Count == 0)
        {
            return HandlerResult.Success;
        }

        var now = clock.GetUtcNow();
        var outbound = replies.Select((content, index) => new OutboundMessageRequested(
                StableId.From("out_", inbound.Id, index.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                now,
                inbound.TenantId,
                inbound.IntegrationId,
                inbound.Platform,
                inbound.ConversationId,
                inbound.Message.ChannelAddress,
                content,
                MessageOrigin.Bot,
                inbound.Message.PlatformMessageId,
                inbound.LastInboundAt ?? inbound.Message.SentAt))
            .ToList();
        await publisher.PublishManyAsync(OutboundMessageRequested.Topic, outbound, cancellationToken);
        return HandlerResult.Success;
    }

    /// <summary>Requests the acknowledgement of a button press on channels that want every press acknowledged.</summary>
    private async Task AcknowledgeInteractionAsync(InboundMessageReceived inbound, CancellationToken cancellationToken)
    {
        if (inbound.Message.Content is not InteractiveReplyContent { CallbackId: { Length: > 0 } callbackId }
            || channels.Find(inbound.Platform)?.Capabilities.AcknowledgeInteractions != true)
        {
            return;
        }

        await publisher.PublishAsync(ConversationActionRequested.Topic,
            Action(inbound, ConversationActionKind.AcknowledgeInteraction, clock.GetUtcNow(), callbackId), cancellationToken);
    }

    private async Task RequestSignalsAsync(InboundMessageReceived inbound, BotSettings settings, CancellationToken cancellationToken)
    {
        // Channels that cannot show a signal get no event for it.
        var capabilities = channels.Find(inbound.Platform)?.Capabilities;
        var kinds = new List<ConversationActionKind>(2);
        if (settings.MarkAsRead && capabilities?.MarkAsRead == true)
        {
            kinds.Add(ConversationActionKind.MarkAsRead);
        }

        if (settings.ShowTyping && capabilities?.TypingIndicator == true && (settings.MarkAsRead || !capabilities.TypingMarksRead))
        {
            kinds.Add(ConversationActionKind.Typing);
        }

        if (kinds.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        await publisher.PublishManyAsync(ConversationActionRequested.Topic, kinds.Select(kind => Action(inbound, kind, now)).ToList(), cancellationToken);
    }

    /// <summary>An action on the contact's message; its id is stable per message and kind, so a redelivery asks once.</summary>
    private static ConversationActionRequested Action(InboundMessageReceived inbound, ConversationActionKind kind, DateTimeOffset now, string? callbackId = null) => new(
        StableId.From("act_", inbound.Id, kind.ToString()),
        now,
        inbound.TenantId,
        inbound.IntegrationId,
        inbound.Platform,
        inbound.ConversationId,
        inbound.Message.ChannelAddress,
        kind,
        inbound.Message.PlatformMessageId,
        callbackId);
}
