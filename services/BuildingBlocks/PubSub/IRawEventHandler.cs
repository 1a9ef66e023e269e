namespace DaprChannels.BuildingBlocks.PubSub;

/// <summary>
/// Handles the bytes of an event as delivered, whatever they hold: for a subscriber that must take
/// events no typed handler could read, such as the dead letters of every topic.
/// </summary>
public interface IRawEventHandler
{
    Task<HandlerResult> HandleAsync(ReadOnlyMemory<byte> data, EventContext context, CancellationToken cancellationToken);
}
