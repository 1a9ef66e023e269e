using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;

namespace DaprChannels.Channels.Tests.Telegram;

/// <summary>Sample updates written out from the Bot API documentation, one file per kind.</summary>
public static class TelegramPayload
{
    public static readonly DateTimeOffset ReceivedAt = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static byte[] Bytes(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Telegram", "Payloads", name + ".json"));

    public static RawDelivery Delivery(string name) =>
        new("raw-1", ReceivedAt, "tenant-1", "int-1", Platforms.Telegram, "application/json", Bytes(name), new Dictionary<string, string>());
}
