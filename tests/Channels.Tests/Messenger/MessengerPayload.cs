using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;

namespace DaprChannels.Channels.Tests.Messenger;

/// <summary>Sample webhooks written out from the Messenger Platform webhook event reference, one file per kind.</summary>
public static class MessengerPayload
{
    public static readonly DateTimeOffset ReceivedAt = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static byte[] Bytes(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Messenger", "Payloads", name + ".json"));

    public static RawDelivery Delivery(string name) =>
        new("raw-1", ReceivedAt, "tenant-1", "int-fb", Platforms.Messenger, "application/json", Bytes(name), new Dictionary<string, string>());
}
