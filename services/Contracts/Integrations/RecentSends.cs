namespace DaprChannels.Contracts.Integrations;

/// <summary>
/// The newest messages sent to one contact (key <c>outbound:recent:{integration}:{address}</c>), kept
/// for channels whose read receipts name a time instead of messages: a receipt marks every message
/// sent before its watermark.
/// </summary>
public sealed record RecentSends(IReadOnlyList<RecentSend> Sends)
{
    public const int Capacity = 50;

    public static readonly RecentSends Empty = new([]);

    public RecentSends Add(RecentSend send) =>
        new(Sends.Where(s => s.PlatformMessageId != send.PlatformMessageId).Append(send).TakeLast(Capacity).ToList());
}

public sealed record RecentSend(string PlatformMessageId, DateTimeOffset SentAt);
