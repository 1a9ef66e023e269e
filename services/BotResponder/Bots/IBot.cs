namespace DaprChannels.BotResponder.Bots;

/// <summary>What a bot is told about an inbound message.</summary>
public sealed record BotRequest(InboundMessageReceived Inbound, BotSettings Settings, IReadOnlyDictionary<string, string> Credentials);

/// <summary>A bot: zero or more replies to one inbound message.</summary>
public interface IBot
{
    string Kind { get; }

    Task<IReadOnlyList<MessageContent>> ReplyAsync(BotRequest request, CancellationToken cancellationToken);
}
