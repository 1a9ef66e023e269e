using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;

namespace DaprChannels.Channels.Tests.Dialog360;

/// <summary>Sample webhooks as 360dialog relays them (the Cloud API's documented shapes), one file per kind.</summary>
public static class Dialog360Payload
{
    public static readonly DateTimeOffset ReceivedAt = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static byte[] Bytes(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Dialog360", "Payloads", name + ".json"));

    public static RawDelivery Delivery(string name) =>
        new("raw-1", ReceivedAt, "tenant-1", "int-360", Platforms.Dialog360, "application/json", Bytes(name), new Dictionary<string, string>());
}
