using System.Globalization;
using Microsoft.Extensions.Logging;

namespace DaprChannels.Dispatcher.Sending;

/// <summary>
/// Sends free-form content only while the channel's customer-service window is open: the window
/// length from the channel's capabilities, counted from the contact's last message: the newer of the
/// Dispatcher's own view (<see cref="MessagingWindowView"/>, fed by <c>inbound.message</c>) and what the request
/// says (<see cref="OutboundMessageRequested.ContactLastWroteAt"/>: a bot's reply may overtake the message it answers
/// on its way to the view). Outside it, or when the
/// platform refuses a send as outside it (our clock or record may be wrong), the integration's
/// fallback template goes instead, once; without one the message fails with
/// <see cref="SendErrorCodes.OutsideCustomerServiceWindow"/> and a reason that says what to do.
/// It never reports a message as sent that was not.
/// </summary>
public sealed class CustomerServiceWindow(
    MessagingWindowView view,
    TimeProvider clock,
    IOptions<DispatcherOptions> options,
    ILogger<CustomerServiceWindow> logger)
{
    /// <summary>Recorded on a message that went as the fallback template instead of its own content.</summary>
    public const string TemplateDegradation = "outside_window_template";

    public async Task<SendResult> SendAsync(OutboundMessageRequested message, IOutboundChannel adapter, ChannelIntegration integration, CancellationToken cancellationToken)
    {
        if (adapter.Capabilities.CustomerServiceWindow is not { } window || message.Content is TemplateContent)
        {
            return await adapter.SendAsync(message, integration, cancellationToken);
        }

        var length = message.Origin == MessageOrigin.Agent && adapter.Capabilities.HumanAgentWindow is { } agentWindow ? agentWindow : window;

        // A bot's answer says when the contact wrote; while that keeps the window open the view need not be read.
        var now = clock.GetUtcNow();
        var lastInbound = message.ContactLastWroteAt is { } told && told + length - options.Value.CustomerServiceWindowMargin > now
            ? told
            : Newest(await view.LastInboundAtAsync(message.ConversationId, cancellationToken), message.ContactLastWroteAt);
        var closesAt = lastInbound + length;
        if (closesAt - options.Value.CustomerServiceWindowMargin > now)
        {
            var result = await adapter.SendAsync(message, integration, cancellationToken);
            if (result.ErrorCode != SendErrorCodes.OutsideCustomerServiceWindow)
            {
                return result;
            }

            logger.LogInformation("The platform refused {OutboundId} on {Platform} as outside the customer service window; our record said it was open",
                message.Id, message.Platform);
            return await OutsideWindowAsync(message, adapter, integration,
                $"The platform refused it as outside the customer service window although the contact last wrote at {Format(lastInbound)} ({result.Reason})",
                cancellationToken);
        }

        var why = lastInbound is null
            ? "No message from this contact is on record, so the customer service window is not open"
            : $"The {Hours(length)}-hour customer service window closed at {Format(closesAt)} (the contact last wrote at {Format(lastInbound)})";
        return await OutsideWindowAsync(message, adapter, integration, why, cancellationToken);
    }

    private async Task<SendResult> OutsideWindowAsync(OutboundMessageRequested message, IOutboundChannel adapter, ChannelIntegration integration, string why, CancellationToken cancellationToken)
    {
        if (!adapter.Capabilities.Templates)
        {
            return Refused($"{why}. This channel accepts no message until the contact writes again.");
        }

        WindowTemplate? template;
        try
        {
            template = WindowTemplate.From(integration);
        }
        catch (ChannelConfigurationException ex)
        {
            return Refused($"{why}. The fallback template is misconfigured: {ex.Message}");
        }

        if (template is null)
        {
            return Refused($"{why}. Only an approved template can be sent now: set '{WindowTemplate.NameField}' and "
                + $"'{WindowTemplate.LanguageField}' in the integration's config to send one instead, or wait for the contact to write.");
        }

        var result = await adapter.SendAsync(message with { Content = template.For(TextOf(message.Content)) }, integration, cancellationToken);
        return result.Status switch
        {
            SendStatus.Sent => result with { Degradations = [.. result.Degradations ?? [], TemplateDegradation] },
            SendStatus.Permanent => result with { Reason = $"{why}; the fallback template '{template.Name}' ({template.LanguageCode}) was refused: {result.Reason}" },
            _ => result,
        };
    }

    private static DateTimeOffset? Newest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static SendResult Refused(string reason) =>
        new(SendStatus.Permanent, ErrorCode: SendErrorCodes.OutsideCustomerServiceWindow, Reason: reason);

    private static string TextOf(MessageContent content) =>
        MessageRenderer.Render(content, new ChannelCapabilities(MaxTextLength: int.MaxValue)).Content is TextContent text ? text.Text : string.Empty;

    private static string Format(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "an unknown time";

    private static string Hours(TimeSpan length) => length.TotalHours.ToString("0.##", CultureInfo.InvariantCulture);
}
