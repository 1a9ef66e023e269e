namespace DaprChannels.Dispatcher.Sending;

/// <summary>When the contact of one conversation last wrote, as far as the Dispatcher has heard.</summary>
public sealed record ContactLastWrote(DateTimeOffset At);

/// <summary>
/// The Dispatcher's own view of when each contact last wrote: the start of the conversation's customer-service
/// window. Fed by <c>inbound.message</c> (<see cref="Handlers.MessagingWindowHandler"/>), and only ever moved
/// forward, so redelivered or reordered messages leave it at the newest.
/// </summary>
public sealed class MessagingWindowView(IStateStore state, IOptions<DispatcherOptions> options)
{
    public async Task<DateTimeOffset?> LastInboundAtAsync(string conversationId, CancellationToken cancellationToken) =>
        (await state.GetAsync<ContactLastWrote>(DispatcherStateKeys.MessagingWindow(conversationId), cancellationToken))?.Value.At;

    public Task RecordAsync(string conversationId, DateTimeOffset lastInboundAt, CancellationToken cancellationToken) =>
        state.UpdateAsync<ContactLastWrote>(
            DispatcherStateKeys.MessagingWindow(conversationId),
            current => current is not null && current.At >= lastInboundAt ? null : new ContactLastWrote(lastInboundAt),
            options.Value.MessagingWindowRetention,
            cancellationToken: cancellationToken);
}
