using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;

namespace DaprChannels.Channels.Tests.Instagram;

/// <summary>Sample webhooks written out from the Instagram Messaging webhook reference, one file per kind.</summary>
public static class InstagramPayload
{
    public static readonly DateTimeOffset ReceivedAt = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static byte[] Bytes(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Instagram", "Payloads", name + ".json"));

    public static RawDelivery Delivery(string name) =>
        new("raw-1", ReceivedAt, "tenant-1", "int-ig", Platforms.Instagram, "application/json", Bytes(name), new Dictionary<string, string>());
}
