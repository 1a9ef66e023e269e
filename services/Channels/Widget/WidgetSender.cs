using DaprChannels.Contracts.Events;
using Microsoft.Extensions.DependencyInjection;

namespace DaprChannels.Channels.Widget;

/// <summary>
/// Hands replies to the host's <see cref="IWidgetReplySink"/>. The sink is looked up on each send
/// because the host registers it, and a host without one (Ingress alone) can still load Channels.
/// </summary>
public sealed class WidgetSender(IServiceProvider services)
{
    public async Task<SendResult> SendAsync(OutboundMessageRequested message, ChannelIntegration integration, CancellationToken cancellationToken)
    {
        var rendered = MessageRenderer.Render(message.Content, WidgetCapabilities.Value);
        if (!WidgetVisitorToken.IsValidVisitorId(message.ChannelAddress))
        {
            return new SendResult(SendStatus.Permanent, ErrorCode: "invalid_visitor", Reason: "the channel address is not a widget visitor id", Degradations: rendered.Degradations);
        }

        var sink = services.GetService<IWidgetReplySink>();
        if (sink is null)
        {
            return new SendResult(SendStatus.Permanent, ErrorCode: "no_sink", Reason: "no widget reply sink", Degradations: rendered.Degradations);
        }

        try
        {
            var sequence = await sink.DeliverAsync(integration, message.ChannelAddress, message.Id, rendered.Content, cancellationToken);
            return SendResult.Sent($"{message.ChannelAddress}:{sequence}", rendered.Degradations);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The sink is a state store: its failures pass, so the Dispatcher retries.
            return new SendResult(SendStatus.Transient, ErrorCode: "sink_failed", Reason: e.GetType().Name, Degradations: rendered.Degradations);
        }
    }
}
