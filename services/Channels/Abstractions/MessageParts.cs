namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// Sends the platform calls one canonical message became (a long text split, a caption sent apart) in order.
/// The first part failing fails the message; a later one is only recorded as a degradation, because the first
/// part is out and retrying the whole message would send it twice.
/// </summary>
public static class MessageParts
{
    /// <param name="sendPart">Sends one part: <see cref="SendResult.Sent"/> with the platform's id, or the failure.</param>
    /// <returns>Sent with the first part's id, or the first part's failure.</returns>
    public static async Task<SendResult> SendAsync<TPart>(
        IReadOnlyList<TPart> parts,
        List<string> degradations,
        Func<TPart, CancellationToken, Task<SendResult>> sendPart,
        CancellationToken cancellationToken)
    {
        if (parts.Count == 0)
        {
            return new SendResult(SendStatus.Permanent, ErrorCode: "empty", Reason: "nothing to send", Degradations: degradations);
        }

        string? firstId = null;
        for (var i = 0; i < parts.Count; i++)
        {
            var sent = await sendPart(parts[i], cancellationToken);
            if (sent.Status != SendStatus.Sent)
            {
                if (i == 0)
                {
                    return sent;
                }

                degradations.Add($"part {i + 1} of {parts.Count} not sent: {sent.Status} {sent.ErrorCode}");
                break;
            }

            firstId ??= sent.PlatformMessageId;
        }

        return SendResult.Sent(firstId, degradations);
    }
}
